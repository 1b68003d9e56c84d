package dev.tollgate.routing.health;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * How health judges an endpoint.
 *
 * @param breakerFailures consecutive failures that trip the breaker
 * @param breakerCooldown how long a tripped breaker keeps calls away before a probe; doubled after each failed probe,
 *     up to {@link #MAX_COOLDOWN_FACTOR} times
 * @param outageWindow how far back a "recent outage" looks (OpenRouter: 30 s)
 * @param outageMinFailures failures within the outage window that make an outage, when they are at least half of the
 *     window's counted calls
 */
public record HealthSettings(
        int breakerFailures, Duration breakerCooldown, Duration outageWindow, int outageMinFailures) {

    static final int MAX_COOLDOWN_FACTOR = 8;

    public static final HealthSettings DEFAULTS =
            new HealthSettings(5, Duration.ofSeconds(30), Duration.ofSeconds(30), 3);

    public HealthSettings {
        if (breakerFailures < 1 || outageMinFailures < 1) {
            throw new IllegalArgumentException("failure thresholds must be at least 1");
        }
        if (breakerCooldown.isNegative() || outageWindow.isNegative() || outageWindow.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
    }

    /** {@code tollgate.health.breaker-failures}, {@code tollgate.health.breaker-cooldown-ms}. */
    public static HealthSettings from(Config config) {
        return new HealthSettings(
                config.getOptionalValue("tollgate.health.breaker-failures", Integer.class)
                        .orElse(DEFAULTS.breakerFailures()),
                config.getOptionalValue("tollgate.health.breaker-cooldown-ms", Long.class)
                        .map(Duration::ofMillis)
                        .orElse(DEFAULTS.breakerCooldown()),
                DEFAULTS.outageWindow(),
                DEFAULTS.outageMinFailures());
    }
}
