package dev.tollgate.api.generation.control;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An organisation's spend at a glance, in UTC days: today, this week (from Monday), this month (from the 1st), and
 * each model's usage on each of the last {@value GenerationHistory#CHART_DAYS} days.
 *
 * @param days the chart's days, oldest first, ending today
 * @param daily usage per day and model within {@code days}, for the chart
 */
public record UsageOverview(
        BigDecimal spendToday,
        BigDecimal spendThisWeek,
        BigDecimal spendThisMonth,
        List<LocalDate> days,
        List<DailyUsage> daily) {

    public UsageOverview {
        days = List.copyOf(days);
        daily = List.copyOf(daily);
    }

    public boolean noCalls() {
        return daily.isEmpty();
    }
}
