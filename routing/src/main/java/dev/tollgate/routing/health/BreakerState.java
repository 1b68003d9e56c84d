package dev.tollgate.routing.health;

/** Where an endpoint's circuit breaker stands. */
public enum BreakerState {
    /** Calls flow. */
    CLOSED,
    /** Tripped: no calls until the cool-down has passed. */
    OPEN,
    /** Cooled down: the next call to reach it is the probe that decides whether it closes again. */
    PROBE_DUE,
    /** One call is probing it now; the others keep away until it answers. */
    PROBING
}
