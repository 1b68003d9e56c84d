package dev.tollgate.routing.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.adapter.UpstreamFailure.Kind;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointHealthTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final HealthSettings settings = new HealthSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30), 3);
    private final EndpointHealth health = new EndpointHealth(settings, clock::get, 0);
    private final UUID endpoint = UUID.randomUUID();

    private void advance(long millis) {
        clock.addAndGet(millis);
    }

    @Test
    void anUnmeasuredEndpointReportsNoNumbers() {
        EndpointStatus status = health.status(endpoint);
        assertEquals(BreakerState.CLOSED, status.breaker());
        assertEquals(Optional.empty(), status.latency30m());
        assertEquals(Optional.empty(), status.uptime1d());
        assertTrue(health.admit(endpoint));
        assertEquals(0, status.code());
    }

    @Test
    void percentilesOfTimeToFirstTokenAndThroughput() {
        for (int latency = 1; latency <= 100; latency++) {
            health.succeeded(endpoint, latency);
            health.throughput(endpoint, latency * 2.0);
            advance(1_000); // 100 s: every sample fits the 5-minute reservoir buckets (5 per bucket)
        }
        EndpointStatus status = health.status(endpoint);
        Percentiles latency = status.latency30m().orElseThrow();
        assertEquals(50, latency.p50());
        assertEquals(75, latency.p75());
        assertEquals(90, latency.p90());
        assertEquals(99, latency.p99());
        assertEquals(status.latency30m(), status.latency5m());
        assertEquals(100.0, status.throughput30m().orElseThrow().p50());
        assertEquals(Optional.of(100.0), status.uptime5m());
    }

    @Test
    void windowsRollOff() {
        health.succeeded(endpoint, 500);
        advance(Duration.ofMinutes(10).toMillis());
        health.succeeded(endpoint, 100);
        health.failed(endpoint, Kind.SERVER);
        EndpointStatus status = health.status(endpoint);
        assertEquals(100, status.latency5m().orElseThrow().p99(), "the 5-minute window no longer holds the first call");
        assertEquals(500, status.latency30m().orElseThrow().p99());
        assertEquals(Optional.of(50.0), status.uptime5m());
        assertEquals(200.0 / 3, status.uptime30m().orElseThrow(), 1e-9);
        advance(Duration.ofMinutes(31).toMillis());
        status = health.status(endpoint);
        assertEquals(Optional.empty(), status.latency30m());
        assertEquals(200.0 / 3, status.uptime1d().orElseThrow(), 1e-9, "the day still counts them");
        advance(Duration.ofDays(1).toMillis());
        assertEquals(Optional.empty(), health.status(endpoint).uptime1d());
    }

    @Test
    void rateLimitedAndRefusedRequestsAreLeftOutOfUptime() {
        health.succeeded(endpoint, 10);
        health.failed(endpoint, Kind.RATE_LIMITED);
        health.failed(endpoint, Kind.BAD_REQUEST);
        health.failed(endpoint, Kind.CONTEXT_LENGTH);
        assertEquals(Optional.of(100.0), health.status(endpoint).uptime5m());
    }

    @Test
    void consecutiveFailuresTripTheBreakerAndAProbeClosesIt() {
        health.failed(endpoint, Kind.SERVER);
        health.failed(endpoint, Kind.TIMEOUT);
        assertTrue(health.admit(endpoint));
        health.failed(endpoint, Kind.CONNECTION);
        EndpointStatus tripped = health.status(endpoint);
        assertEquals(BreakerState.OPEN, tripped.breaker());
        assertEquals(-2, tripped.code());
        assertFalse(health.admit(endpoint));

        advance(10_000);
        assertEquals(BreakerState.PROBE_DUE, health.status(endpoint).breaker());
        assertTrue(health.admit(endpoint), "the first call after the cool-down probes");
        assertFalse(health.admit(endpoint), "only one probe at a time");
        health.succeeded(endpoint, 40);
        assertEquals(BreakerState.CLOSED, health.status(endpoint).breaker());
        assertTrue(health.admit(endpoint));
    }

    @Test
    void aFailedProbeDoublesTheCooldown() {
        for (int i = 0; i < 3; i++) {
            health.failed(endpoint, Kind.SERVER);
        }
        advance(10_000);
        assertTrue(health.admit(endpoint));
        health.failed(endpoint, Kind.SERVER);
        advance(10_000);
        assertFalse(health.admit(endpoint), "cool-down is 20 s now");
        advance(10_000);
        assertTrue(health.admit(endpoint));
    }

    @Test
    void aProbeWhoseCallerLeftLetsTheNextCallProbe() {
        for (int i = 0; i < 3; i++) {
            health.failed(endpoint, Kind.SERVER);
        }
        advance(10_000);
        assertTrue(health.admit(endpoint));
        health.abandoned(endpoint);
        assertTrue(health.admit(endpoint));
    }

    @Test
    void aSuccessBetweenFailuresKeepsTheBreakerClosed() {
        health.failed(endpoint, Kind.SERVER);
        health.failed(endpoint, Kind.SERVER);
        health.succeeded(endpoint, 10);
        health.failed(endpoint, Kind.SERVER);
        health.failed(endpoint, Kind.SERVER);
        assertEquals(BreakerState.CLOSED, health.status(endpoint).breaker());
    }

    @Test
    void anOutageIsRecentForThirtySeconds() {
        health.succeeded(endpoint, 10);
        health.failed(endpoint, Kind.SERVER);
        health.failed(endpoint, Kind.SERVER);
        assertFalse(health.status(endpoint).recentOutage(), "two failures are not yet an outage");
        health.succeeded(endpoint, 10);
        health.failed(endpoint, Kind.SERVER);
        EndpointStatus status = health.status(endpoint);
        assertTrue(status.recentOutage());
        assertEquals(-1, status.code());
        assertTrue(status.admitsCalls(), "an outage deprioritizes, it does not exclude");
        advance(31_000);
        health.succeeded(endpoint, 10);
        assertFalse(health.status(endpoint).recentOutage());
    }

    @Test
    void aTripIsAnOutageUntilThirtySecondsAfterTheBreakerCloses() {
        HealthSettings quick = new HealthSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(30), 10);
        EndpointHealth quickHealth = new EndpointHealth(quick, clock::get, 0);
        quickHealth.failed(endpoint, Kind.SERVER);
        quickHealth.failed(endpoint, Kind.SERVER);
        advance(1_000);
        assertTrue(quickHealth.admit(endpoint));
        quickHealth.succeeded(endpoint, 10);
        assertTrue(quickHealth.status(endpoint).recentOutage());
        advance(30_000);
        assertFalse(quickHealth.status(endpoint).recentOutage());
    }
}
