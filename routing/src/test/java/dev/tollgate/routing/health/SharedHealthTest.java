package dev.tollgate.routing.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.adapter.UpstreamFailure.Kind;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Two replicas' health of one endpoint, shared as the cluster shares it: each counts the other's buckets. */
class SharedHealthTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final HealthSettings settings = new HealthSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30), 3);
    private final EndpointHealth replicaA = new EndpointHealth(settings, clock::get, 0);
    private final EndpointHealth replicaB = new EndpointHealth(settings, clock::get, 0);
    private final UUID endpoint = UUID.randomUUID();

    @Test
    void aReplicaThatNeverCalledTheEndpointSeesTheOthersMeasurements() {
        for (int latency = 1; latency <= 10; latency++) {
            replicaA.succeeded(endpoint, latency * 10);
            replicaA.throughput(endpoint, 42.5);
        }
        replicaB.receive("a", replicaA.exportBuckets(false));

        EndpointStatus status = replicaB.status(endpoint);
        assertEquals(50, status.latency30m().orElseThrow().p50());
        assertEquals(100, status.latency30m().orElseThrow().p99());
        assertEquals(42.5, status.throughput5m().orElseThrow().p50());
        assertEquals(Optional.of(100.0), status.uptime1d());
    }

    @Test
    void bothReplicasSamplesCountAndABucketSentAgainReplacesItsCopy() {
        replicaA.succeeded(endpoint, 100);
        replicaA.succeeded(endpoint, 100);
        replicaB.receive("a", replicaA.exportBuckets(false));
        replicaA.failed(endpoint, Kind.SERVER);
        replicaA.failed(endpoint, Kind.SERVER);
        replicaB.receive("a", replicaA.exportBuckets(false));
        replicaB.succeeded(endpoint, 300);
        replicaB.succeeded(endpoint, 300);

        EndpointStatus status = replicaB.status(endpoint);
        assertEquals(Optional.of(4 * 100.0 / 6), status.uptime30m(), "A's 2 + 2 and B's 2, each counted once");
        assertEquals(100, status.latency30m().orElseThrow().p50());
        assertEquals(300, status.latency30m().orElseThrow().p99());
    }

    @Test
    void onlyChangedBucketsAreSentAgainUnlessEverythingIsAskedFor() {
        replicaA.succeeded(endpoint, 100);
        assertTrue(!replicaA.exportBuckets(false).isEmpty());
        assertEquals("", replicaA.exportBuckets(false), "nothing new");
        clock.addAndGet(Duration.ofMinutes(20).toMillis());
        String everything = replicaA.exportBuckets(true);
        assertTrue(everything.startsWith("f " + endpoint), everything);

        replicaB.receive("a", everything);
        assertEquals(Optional.of(100.0), replicaB.status(endpoint).uptime30m());
    }

    @Test
    void theBreakerStaysEachReplicasOwn() {
        for (int i = 0; i < 3; i++) {
            replicaA.failed(endpoint, Kind.SERVER);
        }
        replicaB.receive("a", replicaA.exportBuckets(false));

        assertEquals(BreakerState.OPEN, replicaA.status(endpoint).breaker());
        assertEquals(BreakerState.CLOSED, replicaB.status(endpoint).breaker());
        assertTrue(replicaB.admit(endpoint));
        assertEquals(Optional.of(0.0), replicaB.status(endpoint).uptime30m(), "but its failures count in B's uptime");
    }

    @Test
    void aReplicaThatLeftTakesItsSamplesWithIt() {
        SharedHealth shared = new SharedHealth();
        replicaA.succeeded(endpoint, 100);
        shared.receive("a", replicaA.exportBuckets(false));
        assertEquals(1, shared.peersOf(endpoint).size());

        shared.forget("a");

        assertTrue(shared.peersOf(endpoint).isEmpty());
    }

    @Test
    void aMalformedMessageIsRefused() {
        SharedHealth shared = new SharedHealth();
        assertThrows(IllegalArgumentException.class, () -> shared.receive("a", "x " + endpoint + " 1 2"));
    }
}
