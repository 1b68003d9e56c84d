package dev.tollgate.routing.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A provider's words are quoted to callers, never the credential the gateway sent it. */
class UpstreamFailureTest {

    private static final String KEY = "sk-prov/ider+key=42";

    @Test
    void theCredentialIsRedactedAsSentUrlEncodedAndInBase64() {
        String base64 = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
        String echoed = "bad header Authorization: Bearer " + KEY + "; as query key=sk-prov%2Fider%2Bkey%3D42"
                + "; basic " + base64 + "; url-safe " + urlSafe;

        String redacted = UpstreamFailure.redact(echoed, Optional.of(KEY));

        assertEquals(
                "bad header Authorization: Bearer [redacted]; as query key=[redacted]; basic [redacted];"
                        + " url-safe [redacted]",
                redacted);
    }

    @Test
    void aFailureKeepsItsKindStatusAndRetryAfterWhenRedacted() {
        UpstreamFailure echoed =
                UpstreamFailure.fromStatus(500, "upstream saw x-api-key " + KEY, Optional.of(Duration.ofSeconds(3)));

        UpstreamFailure redacted = echoed.redacting(Optional.of(KEY));

        assertEquals("upstream saw x-api-key [redacted]", redacted.getMessage());
        assertEquals(UpstreamFailure.Kind.SERVER, redacted.kind());
        assertEquals(500, redacted.upstreamStatus());
        assertEquals(Optional.of(Duration.ofSeconds(3)), redacted.retryAfter());
    }

    @Test
    void aMessageWithoutTheCredentialOrAProviderWithoutOneIsLeftAlone() {
        UpstreamFailure plain = UpstreamFailure.fromStatus(502, "overloaded", Optional.empty());
        assertSame(plain, plain.redacting(Optional.of(KEY)));
        assertSame(plain, plain.redacting(Optional.empty()));
        assertEquals("overloaded", UpstreamFailure.redact("overloaded", Optional.of("")));
    }

    @Test
    void aRefusedCredentialIsNeverQuoted() {
        UpstreamFailure refused =
                UpstreamFailure.fromStatus(401, "Incorrect API key provided: " + KEY, Optional.empty());
        assertFalse(refused.getMessage().contains(KEY), refused.getMessage());
        assertEquals(UpstreamFailure.Kind.PROVIDER_CONFIGURATION, refused.kind());
    }
}
