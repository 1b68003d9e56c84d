package dev.tollgate.routing.router;

import dev.tollgate.routing.health.EndpointStatus;
import java.util.Optional;

/**
 * Endpoint health: an endpoint whose circuit breaker is open (repeated failures, still cooling down, or a probe in
 * flight) takes no calls. A cooled-down breaker admits calls again: the first one to reach it is the probe.
 */
final class HealthFilter {

    private HealthFilter() {}

    static Optional<Exclusion> exclude(EndpointStatus status) {
        if (status.admitsCalls()) {
            return Optional.empty();
        }
        return Optional.of(new Exclusion("health", "circuit breaker open after repeated failures"));
    }
}
