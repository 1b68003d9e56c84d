package dev.tollgate.routing.health;

import dev.tollgate.db.cluster.ReplicaEvents;
import dev.tollgate.routing.adapter.UpstreamFailure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The health of every endpoint, as this replica measured it and, when replicas cluster, as the others did. The
 * dispatcher reports each attempt's outcome, the inference service each answer's throughput; the router reads
 * {@link #status}. Percentiles are recomputed at most once a second an endpoint (the router asks on every call); the
 * breaker is always current. When clustered, the buckets written in the last second go to the other replicas once a
 * second (everything once to a replica that starts), and theirs count in this replica's percentiles and uptimes; the
 * breaker and the outage flag stay this replica's own. Nothing of this is on a call's path.
 */
@ApplicationScoped
public class EndpointHealth {

    private static final Logger LOG = Logger.getLogger(EndpointHealth.class.getName());
    private static final long REFRESH_MILLIS = 1_000;
    private static final long SHARE_MILLIS = 1_000;

    private final Map<UUID, EndpointRecord> records = new ConcurrentHashMap<>();
    private final SharedHealth shared = new SharedHealth();
    /** Set when a replica starts listening: the next share sends every bucket, so it sees the whole window. */
    private final AtomicBoolean shareEverything = new AtomicBoolean();

    private ScheduledExecutorService sharing;

    // Alone until CDI injects the application's (tests that build this by hand have no peers).
    @Inject
    ReplicaEvents replicas = new ReplicaEvents();

    private final LongSupplier clock;
    private final long refreshMillis;
    private HealthSettings settings;

    public EndpointHealth() {
        this(null, System::currentTimeMillis, REFRESH_MILLIS);
    }

    /** For tests: a clock in milliseconds they move themselves. */
    public EndpointHealth(HealthSettings settings, LongSupplier clock, long refreshMillis) {
        this.settings = settings;
        this.clock = clock;
        this.refreshMillis = refreshMillis;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!replicas.clustered()) {
            return;
        }
        replicas.subscribe(SharedHealth.CHANNEL, shared::receive);
        replicas.subscribe(SharedHealth.NEWCOMER, (replica, body) -> shareEverything.set(true));
        replicas.subscribe(ReplicaEvents.LEFT, (replica, body) -> shared.forget(replica));
        // Only now can this replica take in buckets: the others send all theirs on hearing it.
        replicas.publish(SharedHealth.NEWCOMER, "");
        sharing = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tollgate-health-share");
            thread.setDaemon(true);
            return thread;
        });
        shareEverything.set(true);
        sharing.scheduleWithFixedDelay(this::share, SHARE_MILLIS, SHARE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sharing != null) {
            sharing.shutdownNow();
        }
    }

    /** Publishes this replica's buckets written since the last share (all of them when a replica joined). */
    void share() {
        try {
            String buckets = exportBuckets(shareEverything.getAndSet(false));
            if (!buckets.isEmpty()) {
                replicas.publish(SharedHealth.CHANNEL, buckets);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not share health statistics with the other replicas", e);
        }
    }

    /** This replica's buckets written since the last export, or all of them; empty when there is nothing new. */
    String exportBuckets(boolean everything) {
        return SharedHealth.encode(records, clock.getAsLong(), everything);
    }

    /** Takes in the buckets another replica shared (for tests; the cluster delivers them through {@link #onStart}). */
    void receive(String replica, String buckets) {
        shared.receive(replica, buckets);
    }

    private HealthSettings settings() {
        if (settings == null) {
            settings = HealthSettings.from(ConfigProvider.getConfig());
        }
        return settings;
    }

    private EndpointRecord record(UUID endpoint) {
        return records.computeIfAbsent(endpoint, id -> new EndpointRecord(settings()));
    }

    /** An answer started after {@code latencyMillis} (the first token, or the whole answer when not streamed). */
    public void succeeded(UUID endpoint, long latencyMillis) {
        record(endpoint).succeeded(clock.getAsLong(), latencyMillis);
    }

    /**
     * An attempt failed. The provider's failures count against it; a 429 is left out of uptime; a request the
     * provider rightly refused (bad parameters, too long, moderated) says nothing about its health.
     */
    public void failed(UUID endpoint, UpstreamFailure.Kind kind) {
        EndpointRecord record = record(endpoint);
        switch (kind) {
            case RATE_LIMITED -> record.rateLimited(clock.getAsLong());
            case BAD_REQUEST, CONTEXT_LENGTH, MODERATION -> record.release();
            default -> record.failed(clock.getAsLong());
        }
    }

    /** An attempt that ended without telling anything about the provider (the caller left). */
    public void abandoned(UUID endpoint) {
        record(endpoint).release();
    }

    /** Completion tokens per second of an answer that finished. */
    public void throughput(UUID endpoint, double tokensPerSecond) {
        if (tokensPerSecond > 0 && Double.isFinite(tokensPerSecond)) {
            record(endpoint).throughput(clock.getAsLong(), tokensPerSecond);
        }
    }

    /** Whether a call may go to the endpoint now. A call let through a cooled-down breaker is its probe. */
    public boolean admit(UUID endpoint) {
        EndpointRecord record = records.get(endpoint);
        return record == null || record.admit(clock.getAsLong());
    }

    public EndpointStatus status(UUID endpoint) {
        EndpointRecord record = records.get(endpoint);
        Collection<BucketRing> peers = shared.peersOf(endpoint);
        if (record == null) {
            if (peers.isEmpty()) {
                return EndpointStatus.UNMEASURED;
            }
            record = record(endpoint); // measured by other replicas only: this one's breaker starts closed
        }
        return record.status(clock.getAsLong(), refreshMillis, peers);
    }
}
