package dev.tollgate.web.rankings;

import dev.tollgate.api.ranking.control.DailyTokens;
import dev.tollgate.web.chart.ChartData;
import dev.tollgate.web.chart.StackedBarChart;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tokens per UTC day by model as a stacked bar chart: the {@value #SERIES} models with the most tokens over the days
 * shown each get a colour, the rest share one ("other models"), so the legend stays readable on a phone.
 */
final class TokensChart {

    static final int SERIES = 6;
    static final String OTHERS = "Other models";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

    private TokensChart() {}

    static StackedBarChart of(String label, List<DailyTokens> daily, LocalDate firstDay, int days, String whenEmpty) {
        return new StackedBarChart(label, data(daily, firstDay, days), TokensChart::tokens, whenEmpty);
    }

    static ChartData data(List<DailyTokens> daily, LocalDate firstDay, int days) {
        List<String> categories = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            categories.add(DAY.format(firstDay.plusDays(day)));
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        daily.forEach(row -> totals.merge(row.model(), row.tokens(), Long::sum));
        Set<String> shown = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(SERIES)
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        ChartData.Builder data = ChartData.builder(categories);
        // Series in legend order: most tokens first, the rest last.
        shown.forEach(model -> data.add(categories.get(0), model, BigDecimal.ZERO));
        for (DailyTokens row : daily) {
            data.add(
                    DAY.format(row.day()),
                    shown.contains(row.model()) ? row.model() : OTHERS,
                    BigDecimal.valueOf(row.tokens()));
        }
        return data.build();
    }

    /** A count as people read it: 1,234,567. */
    static String tokens(BigDecimal count) {
        return String.format(Locale.ROOT, "%,d", count.toBigInteger());
    }

    static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }
}
