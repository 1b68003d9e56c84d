package dev.tollgate.api.key.control;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
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

    /** When the period that contains {@code now} began. */
    public Instant periodStart(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = switch (this) {
            case DAILY -> today;
            case WEEKLY -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> today.withDayOfMonth(1);
        };
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
