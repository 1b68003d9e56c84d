package dev.tollgate.api.ranking.control;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The window a ranking covers, rolling back from now: a leaderboard that emptied at midnight would say nothing for
 * its first hours. The week is the default: a day is noisy, a month slow to show a newcomer.
 */
public enum RankingPeriod {
    DAY("day", Duration.ofHours(24)),
    WEEK("week", Duration.ofDays(7)),
    MONTH("month", Duration.ofDays(30));

    public static final RankingPeriod DEFAULT = WEEK;

    private final String wireName;
    private final Duration length;

    RankingPeriod(String wireName, Duration length) {
        this.wireName = wireName;
        this.length = length;
    }

    /** {@code day}, {@code week} or {@code month}, as the API's {@code period} parameter spells it. */
    public String wireName() {
        return wireName;
    }

    public Duration length() {
        return length;
    }

    public static Optional<RankingPeriod> parse(String wireName) {
        return Arrays.stream(values())
                .filter(period -> period.wireName.equals(wireName))
                .findFirst();
    }
}
