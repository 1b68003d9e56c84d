package dev.tollgate.api.key.control;

import dev.tollgate.routing.catalog.PlainDecimal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a key has spent, settled (calls in flight count once they settle): all time, and since the start of the UTC
 * day, week (Monday) and month, as OpenRouter's key object reports {@code usage}, {@code usage_daily}, … USD.
 */
public record KeySpend(BigDecimal total, BigDecimal daily, BigDecimal weekly, BigDecimal monthly) {

    /** The moments the ledger sums from, in the order {@link #of} reads them. */
    public static List<Instant> moments(Instant now) {
        return List.of(
                Instant.EPOCH,
                LimitReset.DAILY.periodStart(now),
                LimitReset.WEEKLY.periodStart(now),
                LimitReset.MONTHLY.periodStart(now));
    }

    /** From the ledger's sums since {@link #moments}. */
    public static KeySpend of(List<BigDecimal> sums) {
        return new KeySpend(
                PlainDecimal.of(sums.get(0)),
                PlainDecimal.of(sums.get(1)),
                PlainDecimal.of(sums.get(2)),
                PlainDecimal.of(sums.get(3)));
    }

    /** What counts against a limit with this reset: the current period's spend, or all of it without a reset. */
    public BigDecimal inPeriod(Optional<LimitReset> reset) {
        return reset.map(period -> switch (period) {
                    case DAILY -> daily;
                    case WEEKLY -> weekly;
                    case MONTHLY -> monthly;
                })
                .orElse(total);
    }

    /** What is left of {@code limit} in the current period, never below zero. */
    public BigDecimal remaining(BigDecimal limit, Optional<LimitReset> reset) {
        return limit.subtract(inPeriod(reset)).max(BigDecimal.ZERO);
    }
}
