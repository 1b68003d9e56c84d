package dev.tollgate.billing.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A window free-model requests are counted in. Windows are fixed, aligned to UTC: a minute, a day from midnight. */
public enum FreeQuotaWindow {
    MINUTE("minute", "free-models-per-min", "per minute", ChronoUnit.MINUTES),
    DAY("day", "free-models-per-day", "per day", ChronoUnit.DAYS);

    private final String kind;
    private final String limitName;
    private final String description;
    private final ChronoUnit unit;

    FreeQuotaWindow(String kind, String limitName, String description, ChronoUnit unit) {
        this.kind = kind;
        this.limitName = limitName;
        this.description = description;
        this.unit = unit;
    }

    /** The {@code kind} column of {@code free_quota_window}. */
    String kind() {
        return kind;
    }

    /** The limit's name as OpenRouter's 429 message says it: {@code free-models-per-day}. */
    public String limitName() {
        return limitName;
    }

    /** {@code per minute}, {@code per day}. */
    public String description() {
        return description;
    }

    /** The start of the window that holds {@code moment}. {@link Instant} truncates in UTC, so days start at 00:00Z. */
    public Instant start(Instant moment) {
        return moment.truncatedTo(unit);
    }

    /** When the window that holds {@code moment} ends and the next one starts counting from zero. */
    public Instant reset(Instant moment) {
        return start(moment).plus(Duration.of(1, unit));
    }
}
