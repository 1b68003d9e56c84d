package dev.tollgate.web.reliability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Secrets a test planted in the running server, and everything the server was seen to say: answers (status, headers,
 * body), pages, log lines. {@link #leaks} names each secret found where it must not be, in any of the forms a careless
 * program writes it: as it is, URL-encoded, in Base64 (standard and URL-safe). A secret may be expected in exactly one
 * answer (a key is shown once, in the answer that made it): {@link #shownOnceIn} names it, and {@link #leaks} then
 * also reports it missing there.
 */
final class PlantedSecrets {

    /** A secret by what it is, e.g. "the provider credential of sec-ok-1a2b". */
    record Secret(String name, String value) {

        Map<String, String> forms() {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            Map<String, String> forms = new LinkedHashMap<>();
            forms.put(value, "as it is");
            forms.putIfAbsent(URLEncoder.encode(value, StandardCharsets.UTF_8), "URL-encoded");
            forms.putIfAbsent(Base64.getEncoder().encodeToString(bytes), "in Base64");
            forms.putIfAbsent(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), "in URL-safe Base64");
            return forms;
        }
    }

    /** One thing the server said, and where. */
    record Seen(String where, String text) {}

    private final List<Secret> secrets = new ArrayList<>();
    private final List<Seen> seen = new ArrayList<>();
    private final Map<String, String> shownOnce = new LinkedHashMap<>();
    private final Set<String> leaks = new LinkedHashSet<>();

    /**
     * Returns the value, so that a test plants and uses it in one line. Each text is searched once: when it is seen,
     * for the secrets planted by then, and when a secret is planted, in the texts seen by then.
     */
    synchronized String plant(String name, String value) {
        Secret secret = new Secret(name, value);
        secrets.add(secret);
        seen.forEach(said -> search(secret, said));
        return value;
    }

    /** The secret may (and must) appear in the answer seen as {@code where}, and nowhere else. */
    synchronized void shownOnceIn(String value, String where) {
        shownOnce.put(value, where);
        // Found there already if it was planted after that answer was seen: that finding is no leak.
        String name = nameOf(value);
        leaks.removeIf(leak -> leak.startsWith(name + " (") && leak.endsWith(") in " + where));
    }

    synchronized void saw(String where, String text) {
        Seen said = new Seen(where, text);
        seen.add(said);
        secrets.forEach(secret -> search(secret, said));
    }

    /** Every secret in a place it must not be, or missing where it must be shown, as sentences; empty when none. */
    synchronized List<String> leaks() {
        List<String> all = new ArrayList<>(leaks);
        shownOnce.forEach((value, where) -> {
            boolean shown = seen.stream()
                    .anyMatch(said -> said.where().equals(where) && said.text().contains(value));
            if (!shown) {
                all.add(nameOf(value) + " is missing from " + where + ", the one place it must be shown");
            }
        });
        return all;
    }

    private void search(Secret secret, Seen said) {
        if (said.where().equals(shownOnce.get(secret.value()))) {
            return;
        }
        secret.forms().forEach((form, how) -> {
            if (said.text().contains(form)) {
                leaks.add(secret.name() + " (" + how + ") in " + said.where());
            }
        });
    }

    private String nameOf(String value) {
        return secrets.stream()
                .filter(secret -> secret.value().equals(value))
                .map(Secret::name)
                .findFirst()
                .orElse("a secret");
    }
}
