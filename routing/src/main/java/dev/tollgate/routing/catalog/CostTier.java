package dev.tollgate.routing.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How dear a model on the auto router's list is, from {@code low} to {@code max}: the operator's judgement of price
 * against capability, so that {@code openrouter/auto} can send a simple prompt to a cheap model and a hard one to a
 * strong model.
 */
public enum CostTier {
    LOW,
    MEDIUM,
    HIGH,
    XHIGH,
    MAX;

    /** The tier's name on the wire and in the database: {@code low}, {@code medium}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CostTier> of(String wireName) {
        return Arrays.stream(values())
                .filter(tier -> tier.wireName().equals(wireName))
                .findFirst();
    }
}
