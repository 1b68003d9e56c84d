package dev.tollgate.routing.health;

import java.util.Arrays;
import java.util.Optional;

/** p50, p75, p90 and p99 of a set of samples (milliseconds or tokens per second), by the nearest-rank method. */
public record Percentiles(double p50, double p75, double p90, double p99) {

    /** Empty when there are no samples: no number is reported that was not measured. */
    static Optional<Percentiles> of(double[] samples, int count) {
        if (count == 0) {
            return Optional.empty();
        }
        double[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return Optional.of(new Percentiles(rank(sorted, 50), rank(sorted, 75), rank(sorted, 90), rank(sorted, 99)));
    }

    private static double rank(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
