package dev.tollgate.routing.health;

import dev.tollgate.routing.adapter.UpstreamFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The health of every endpoint this replica has called. The dispatcher reports each attempt's outcome, the inference
 * service each answer's throughput; the router reads {@link #status}. Percentiles are recomputed at most once a
 * second an endpoint (the router asks on every call); the breaker is always current.
 */
@ApplicationScoped
public class EndpointHealth {

    private static final long REFRESH_MILLIS = 1_000;

    private final Map<UUID, EndpointRecord> records = new ConcurrentHashMap<>();
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
        return record == null ? EndpointStatus.UNMEASURED : record.status(clock.getAsLong(), refreshMillis);
    }
}
