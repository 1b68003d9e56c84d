package dev.tollgate.routing.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.health.BreakerState;
import dev.tollgate.routing.health.EndpointStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthFilterTest {

    private static EndpointStatus status(BreakerState breaker, boolean recentOutage) {
        EndpointStatus none = EndpointStatus.UNMEASURED;
        return new EndpointStatus(
                breaker,
                recentOutage,
                none.latency5m(),
                none.latency30m(),
                none.throughput5m(),
                none.throughput30m(),
                none.uptime5m(),
                none.uptime30m(),
                none.uptime1d());
    }

    @Test
    void anOpenBreakerOrAProbeInFlightExcludes() {
        for (BreakerState closedToCalls : new BreakerState[] {BreakerState.OPEN, BreakerState.PROBING}) {
            assertEquals(
                    Optional.of(new Exclusion("health", "circuit breaker open after repeated failures")),
                    HealthFilter.exclude(status(closedToCalls, true)));
        }
    }

    @Test
    void aClosedOrCooledDownBreakerKeepsTheEndpointEvenAfterAnOutage() {
        assertTrue(HealthFilter.exclude(status(BreakerState.CLOSED, true)).isEmpty(), "an outage only deprioritizes");
        assertTrue(HealthFilter.exclude(status(BreakerState.PROBE_DUE, true)).isEmpty(), "due for its probe");
        assertTrue(HealthFilter.exclude(EndpointStatus.UNMEASURED).isEmpty());
    }
}
