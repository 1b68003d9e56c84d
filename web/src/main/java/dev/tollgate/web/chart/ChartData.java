package dev.tollgate.web.chart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a chart shows: categories along the x axis (days, hours) and named series with one exact value per category.
 * A missing value is zero. Values are {@link BigDecimal} because some charts show money; the drawing converts to
 * pixels only at the end.
 *
 * @param categories the x axis labels, in order
 * @param series each series' name and its values, one per category, in legend order
 */
public record ChartData(List<String> categories, Map<String, List<BigDecimal>> series) {

    public ChartData {
        categories = List.copyOf(categories);
        Map<String, List<BigDecimal>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<BigDecimal>> entry : series.entrySet()) {
            List<BigDecimal> values = entry.getValue();
            if (values.size() != categories.size()) {
                throw new IllegalArgumentException("series " + entry.getKey() + " has " + values.size() + " values for "
                        + categories.size() + " categories");
            }
            copy.put(
                    entry.getKey(),
                    values.stream()
                            .map(v -> Objects.requireNonNullElse(v, BigDecimal.ZERO))
                            .toList());
        }
        series = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return series.values().stream().flatMap(List::stream).allMatch(v -> v.signum() == 0);
    }

    /** The sum of all series in one category: the height of a stacked bar. */
    public BigDecimal total(int category) {
        return series.values().stream().map(values -> values.get(category)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Builds a chart's data from rows of (category, series, value), as a GROUP BY query returns them. */
    public static Builder builder(List<String> categories) {
        return new Builder(categories);
    }

    public static final class Builder {
        private final List<String> categories;
        private final Map<String, List<BigDecimal>> series = new LinkedHashMap<>();

        private Builder(List<String> categories) {
            this.categories = List.copyOf(categories);
        }

        /** Adds a value to a cell; a category not on the axis is ignored (a row just outside the period). */
        public Builder add(String category, String seriesName, BigDecimal value) {
            int index = categories.indexOf(category);
            if (index < 0) {
                return this;
            }
            List<BigDecimal> values = series.computeIfAbsent(seriesName, name -> zeros(categories.size()));
            values.set(index, values.get(index).add(value));
            return this;
        }

        public ChartData build() {
            return new ChartData(categories, series);
        }

        private static List<BigDecimal> zeros(int size) {
            List<BigDecimal> zeros = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                zeros.add(BigDecimal.ZERO);
            }
            return zeros;
        }
    }
}
