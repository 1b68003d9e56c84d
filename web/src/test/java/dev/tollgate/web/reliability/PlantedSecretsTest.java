package dev.tollgate.web.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search {@link SecretsIT} relies on finds what it must: a scan that cannot fail proves nothing. */
class PlantedSecretsTest {

    @Test
    void aSecretIsFoundAsItIsUrlEncodedAndInBase64WhereverItWasSeen() {
        PlantedSecrets planted = new PlantedSecrets();
        planted.saw("an answer seen before the secret was planted", "token: a+b/c d");
        planted.plant("the token", "a+b/c d");
        planted.saw("a page", "<a href=\"?t=a%2Bb%2Fc+d\">");
        planted.saw(
                "a log record",
                "Basic " + Base64.getEncoder().encodeToString("a+b/c d".getBytes(StandardCharsets.UTF_8)));
        planted.saw("a clean answer", "nothing here");

        assertEquals(
                List.of(
                        "the token (as it is) in an answer seen before the secret was planted",
                        "the token (URL-encoded) in a page",
                        "the token (in Base64) in a log record",
                        "the token (in URL-safe Base64) in a log record"),
                planted.leaks());
    }

    @Test
    void aKeyShownOnceIsAllowedThereOnlyAndMissedWhenItIsNotThere() {
        PlantedSecrets planted = new PlantedSecrets();
        planted.saw("the answer that made it", "{\"key\": \"sk-or-v1-abc\"}");
        planted.saw("another answer", "nothing");
        planted.plant("the key", "sk-or-v1-abc");
        planted.shownOnceIn("sk-or-v1-abc", "the answer that made it");
        assertEquals(List.of(), planted.leaks());

        planted.saw("a later answer", "sk-or-v1-abc");
        planted.plant("another key", "sk-or-v1-def");
        planted.shownOnceIn("sk-or-v1-def", "another answer");
        assertEquals(
                List.of(
                        "the key (as it is) in a later answer",
                        "another key is missing from another answer, the one place it must be shown"),
                planted.leaks());
    }
}
