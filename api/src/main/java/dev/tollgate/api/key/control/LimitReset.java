package dev.tollgate.api.key.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** When a key's spending limit starts afresh: at midnight UTC each day, each Monday, or on the 1st of each month. */
public enum LimitReset {
    DAILY,
    WEEKLY,
    MONTHLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LimitReset> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(reset -> reset.wireName().equals(name))
                .findFirst();
    }
}
