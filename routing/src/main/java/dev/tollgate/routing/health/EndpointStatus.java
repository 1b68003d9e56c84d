package dev.tollgate.routing.health;

import java.util.Optional;

/**
 * One endpoint's health at one moment, as the router and {@code /models/…/endpoints} see it.
 *
 * @param recentOutage a significant outage within the outage window (the breaker tripped, or failures at least half of
 *     the counted calls): the router puts the endpoint last
 * @param latency time to first token in milliseconds
 * @param throughput completion tokens per second
 * @param uptime5m successful ÷ (successful + failed) × 100 over 5 minutes; rate-limited calls are left out
 */
public record EndpointStatus(
        BreakerState breaker,
        boolean recentOutage,
        Optional<Percentiles> latency5m,
        Optional<Percentiles> latency30m,
        Optional<Percentiles> throughput5m,
        Optional<Percentiles> throughput30m,
        Optional<Double> uptime5m,
        Optional<Double> uptime30m,
        Optional<Double> uptime1d) {

    /** An endpoint nothing has been measured for. */
    public static final EndpointStatus UNMEASURED = new EndpointStatus(
            BreakerState.CLOSED,
            false,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    /** The same measurements under another breaker state and outage flag. */
    EndpointStatus at(BreakerState breaker, boolean recentOutage) {
        return new EndpointStatus(
                breaker,
                recentOutage,
                latency5m,
                latency30m,
                throughput5m,
                throughput30m,
                uptime5m,
                uptime30m,
                uptime1d);
    }

    /** Whether a call may be sent: the breaker is closed, or cooled down so that a call may probe it. */
    public boolean admitsCalls() {
        return breaker == BreakerState.CLOSED || breaker == BreakerState.PROBE_DUE;
    }

    /**
     * OpenRouter's endpoint status: 0 normal, -1 degraded (a recent outage: tried last), -2 tripped (not tried until
     * probed back).
     */
    public int code() {
        if (!admitsCalls()) {
            return -2;
        }
        return recentOutage ? -1 : 0;
    }
}
