package dev.tollgate.routing.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The wire protocol a provider speaks; each has its adapter. */
public enum Protocol {
    OPENAI,
    ANTHROPIC,
    GEMINI,
    SIMULATOR;

    /** The protocol's name on the wire and in the database: {@code openai}, {@code anthropic}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Protocol> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(protocol -> protocol.wireName().equals(name))
                .findFirst();
    }
}
