package dev.tollgate.routing.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One endpoint's measurements and breaker, on one replica. Calls are counted in a {@link BucketRing}; when replicas
 * cluster, the others' rings arrive through {@link SharedHealth} and are counted with this one's when the statistics
 * are measured, while the breaker and the outage flag stay this replica's own (they must react to what this replica
 * sees at once). Guarded by its own lock: only calls to the same endpoint contend.
 */
final class EndpointRecord {

    private static final long FINE_BUCKET_MILLIS = BucketRing.FINE_BUCKET_MILLIS;
    private static final int FINE_BUCKETS = BucketRing.FINE_BUCKETS;
    private static final int FIVE_MINUTES = 60; // fine buckets
    private static final long COARSE_BUCKET_MILLIS = BucketRing.COARSE_BUCKET_MILLIS;
    private static final int COARSE_BUCKETS = BucketRing.COARSE_BUCKETS;
    private static final int SAMPLES_PER_BUCKET = BucketRing.SAMPLES_PER_BUCKET;
    /** A probe that never reported (its call vanished) stops blocking others after this long. */
    static final long PROBE_EXPIRY_MILLIS = 120_000;

    /** Receives the buckets of an export, under the record's lock: copy, do not keep. */
    interface BucketWriter {
        void fine(BucketRing.FineBucket bucket);

        void coarse(BucketRing.CoarseBucket bucket);
    }

    private final HealthSettings settings;
    private final BucketRing own = new BucketRing();
    /** Whether a bucket was written since the last export. */
    private boolean changed;
    /** The windows current at the last export: they may have been written since, so the next export starts there. */
    private long exportedFine;

    private long exportedCoarse;

    private BreakerState breaker = BreakerState.CLOSED;
    private int consecutiveFailures;
    private int cooldownFactor = 1;
    private long openedAt;
    private long probeClaimedAt;
    private long lastTripAt = Long.MIN_VALUE;

    private EndpointStatus measured;
    private long measuredAt;

    EndpointRecord(HealthSettings settings) {
        this.settings = settings;
    }

    synchronized void succeeded(long now, long latencyMillis) {
        BucketRing.FineBucket bucket = fineBucket(now);
        bucket.successes++;
        bucket.latency.add(latencyMillis);
        coarseBucket(now).successes++;
        consecutiveFailures = 0;
        if (breaker != BreakerState.CLOSED) {
            breaker = BreakerState.CLOSED;
            cooldownFactor = 1;
        }
    }

    synchronized void failed(long now) {
        fineBucket(now).failures++;
        coarseBucket(now).failures++;
        consecutiveFailures++;
        if (breaker == BreakerState.PROBING) {
            cooldownFactor = Math.min(cooldownFactor * 2, HealthSettings.MAX_COOLDOWN_FACTOR);
            trip(now);
        } else if (breaker == BreakerState.CLOSED && consecutiveFailures >= settings.breakerFailures()) {
            trip(now);
        }
    }

    /** A 429: the endpoint is alive but busy. Left out of uptime; a probe it answered proves nothing either way. */
    synchronized void rateLimited(long now) {
        fineBucket(now).rateLimited++;
        release();
    }

    /** A call that ended for reasons of its own (the caller left, or sent a request no provider would take). */
    synchronized void release() {
        if (breaker == BreakerState.PROBING) {
            breaker = BreakerState.OPEN;
            openedAt = Long.MIN_VALUE / 2; // cooled down already: the next call may probe
        }
    }

    synchronized void throughput(long now, double tokensPerSecond) {
        fineBucket(now).throughput.add(tokensPerSecond);
    }

    /** Whether a call may go to this endpoint now; a call let through a cooled-down breaker becomes its probe. */
    synchronized boolean admit(long now) {
        BreakerState state = state(now);
        if (state == BreakerState.PROBE_DUE) {
            breaker = BreakerState.PROBING;
            probeClaimedAt = now;
            return true;
        }
        return state == BreakerState.CLOSED;
    }

    private BreakerState state(long now) {
        if (breaker == BreakerState.OPEN
                && now - openedAt >= settings.breakerCooldown().toMillis() * cooldownFactor) {
            return BreakerState.PROBE_DUE;
        }
        if (breaker == BreakerState.PROBING && now - probeClaimedAt >= PROBE_EXPIRY_MILLIS) {
            return BreakerState.PROBE_DUE;
        }
        return breaker;
    }

    /** A significant outage within the outage window: a trip, or failures that are at least half of the calls. */
    private boolean recentOutage(long now) {
        long windowStart = now - settings.outageWindow().toMillis();
        if (breaker != BreakerState.CLOSED || lastTripAt >= windowStart) {
            return true;
        }
        int successes = 0;
        int failures = 0;
        // Whole buckets only: the window is the last 25 to 30 s, never longer.
        long first = Math.floorDiv(windowStart + FINE_BUCKET_MILLIS - 1, FINE_BUCKET_MILLIS);
        for (long index = first; index <= now / FINE_BUCKET_MILLIS; index++) {
            BucketRing.FineBucket bucket = own.fine(index);
            if (bucket != null) {
                successes += bucket.successes;
                failures += bucket.failures;
            }
        }
        return failures >= settings.outageMinFailures() && failures >= successes;
    }

    /**
     * The status at {@code now}: the breaker and the outage flag current, the percentiles and uptimes recomputed at
     * most once per {@code refreshMillis} (the router asks on every call).
     */
    synchronized EndpointStatus status(long now, long refreshMillis, Collection<BucketRing> peers) {
        if (measured == null || now - measuredAt >= refreshMillis || now < measuredAt) {
            measured = measure(now, peers);
            measuredAt = now;
        }
        return measured.at(state(now), recentOutage(now));
    }

    /**
     * Percentiles and uptimes over this replica's buckets and the peers' of the same windows; the breaker and outage
     * fields are left for {@link #status} to fill in.
     */
    private EndpointStatus measure(long now, Collection<BucketRing> peers) {
        List<BucketRing> rings = new ArrayList<>(peers.size() + 1);
        rings.add(own);
        rings.addAll(peers);
        long current = now / FINE_BUCKET_MILLIS;
        double[] latencies = new double[rings.size() * FINE_BUCKETS * SAMPLES_PER_BUCKET];
        double[] throughputs = new double[latencies.length];
        int latencyCount = 0;
        int throughputCount = 0;
        int successes = 0;
        int failures = 0;
        Optional<Percentiles> latency5m = Optional.empty();
        Optional<Percentiles> throughput5m = Optional.empty();
        Optional<Double> uptime5m = Optional.empty();
        // Newest first, so that the 5-minute figures are what has been gathered when the 60th bucket is passed.
        for (int age = 0; age < FINE_BUCKETS; age++) {
            long index = current - age;
            for (BucketRing ring : rings) {
                synchronized (ring) {
                    BucketRing.FineBucket bucket = ring.fine(index);
                    if (bucket != null) {
                        successes += bucket.successes;
                        failures += bucket.failures;
                        System.arraycopy(bucket.latency.kept, 0, latencies, latencyCount, bucket.latency.size());
                        latencyCount += bucket.latency.size();
                        System.arraycopy(
                                bucket.throughput.kept, 0, throughputs, throughputCount, bucket.throughput.size());
                        throughputCount += bucket.throughput.size();
                    }
                }
            }
            if (age == FIVE_MINUTES - 1) {
                latency5m = Percentiles.of(latencies, latencyCount);
                throughput5m = Percentiles.of(throughputs, throughputCount);
                uptime5m = uptime(successes, failures);
            }
        }
        Optional<Percentiles> latency30m = Percentiles.of(latencies, latencyCount);
        Optional<Percentiles> throughput30m = Percentiles.of(throughputs, throughputCount);
        Optional<Double> uptime30m = uptime(successes, failures);
        long coarseCurrent = now / COARSE_BUCKET_MILLIS;
        int daySuccesses = 0;
        int dayFailures = 0;
        for (int age = 0; age < COARSE_BUCKETS; age++) {
            for (BucketRing ring : rings) {
                synchronized (ring) {
                    BucketRing.CoarseBucket bucket = ring.coarse(coarseCurrent - age);
                    if (bucket != null) {
                        daySuccesses += bucket.successes;
                        dayFailures += bucket.failures;
                    }
                }
            }
        }
        return new EndpointStatus(
                BreakerState.CLOSED,
                false,
                latency5m,
                latency30m,
                throughput5m,
                throughput30m,
                uptime5m,
                uptime30m,
                uptime(daySuccesses, dayFailures));
    }

    /**
     * Hands this replica's buckets to {@code writer}: every window still kept when {@code everything}, else those
     * written since the last export (none when nothing changed). Whole buckets, so a receiver simply replaces its copy.
     */
    synchronized void export(long now, boolean everything, BucketWriter writer) {
        if (!changed && !everything) {
            return;
        }
        long fineNow = now / FINE_BUCKET_MILLIS;
        long coarseNow = now / COARSE_BUCKET_MILLIS;
        long fineFrom = everything ? fineNow - FINE_BUCKETS + 1 : Math.max(exportedFine, fineNow - FINE_BUCKETS + 1);
        long coarseFrom =
                everything ? coarseNow - COARSE_BUCKETS + 1 : Math.max(exportedCoarse, coarseNow - COARSE_BUCKETS + 1);
        for (long index = fineFrom; index <= fineNow; index++) {
            BucketRing.FineBucket bucket = own.fine(index);
            if (bucket != null) {
                writer.fine(bucket);
            }
        }
        for (long index = coarseFrom; index <= coarseNow; index++) {
            BucketRing.CoarseBucket bucket = own.coarse(index);
            if (bucket != null) {
                writer.coarse(bucket);
            }
        }
        exportedFine = fineNow;
        exportedCoarse = coarseNow;
        changed = false;
    }

    private static Optional<Double> uptime(int successes, int failures) {
        int counted = successes + failures;
        return counted == 0 ? Optional.empty() : Optional.of(successes * 100.0 / counted);
    }

    private void trip(long now) {
        breaker = BreakerState.OPEN;
        openedAt = now;
        lastTripAt = now;
    }

    private BucketRing.FineBucket fineBucket(long now) {
        changed = true;
        return own.fineForWriting(now / FINE_BUCKET_MILLIS);
    }

    private BucketRing.CoarseBucket coarseBucket(long now) {
        changed = true;
        return own.coarseForWriting(now / COARSE_BUCKET_MILLIS);
    }
}
