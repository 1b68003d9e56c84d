package dev.tollgate.routing.health;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One endpoint's measurements and breaker, on one replica. Calls are counted in 5-second buckets for 30 minutes (with
 * up to {@link #SAMPLES_PER_BUCKET} latency and throughput samples each, kept by reservoir sampling) and in 5-minute
 * buckets for a day (counts only). Guarded by its own lock: only calls to the same endpoint contend.
 */
final class EndpointRecord {

    static final long FINE_BUCKET_MILLIS = 5_000;
    private static final int FINE_BUCKETS = 360; // 30 minutes
    private static final int FIVE_MINUTES = 60; // fine buckets
    static final long COARSE_BUCKET_MILLIS = 300_000;
    private static final int COARSE_BUCKETS = 288; // a day
    static final int SAMPLES_PER_BUCKET = 32;
    /** A probe that never reported (its call vanished) stops blocking others after this long. */
    static final long PROBE_EXPIRY_MILLIS = 120_000;

    private static final class FineBucket {
        long index = -1;
        int successes;
        int failures;
        int rateLimited;
        final Samples latency = new Samples();
        final Samples throughput = new Samples();

        void reset(long newIndex) {
            index = newIndex;
            successes = 0;
            failures = 0;
            rateLimited = 0;
            latency.clear();
            throughput.clear();
        }
    }

    private static final class CoarseBucket {
        long index = -1;
        int successes;
        int failures;
    }

    /**
     * A bounded reservoir: every sample of the bucket has the same chance of being kept. Its array is made on the
     * first sample, so an endpoint that is seldom called costs little memory.
     */
    private static final class Samples {
        private static final double[] NONE = new double[0];
        double[] kept = NONE;
        int seen;

        void add(double sample) {
            if (kept == NONE) {
                kept = new double[SAMPLES_PER_BUCKET];
            }
            if (seen < kept.length) {
                kept[seen] = sample;
            } else {
                int slot = ThreadLocalRandom.current().nextInt(seen + 1);
                if (slot < kept.length) {
                    kept[slot] = sample;
                }
            }
            seen++;
        }

        int size() {
            return Math.min(seen, kept.length);
        }

        void clear() {
            seen = 0;
        }
    }

    private final HealthSettings settings;
    // Buckets are made when first used and then reused as the window wraps around.
    private final FineBucket[] fine = new FineBucket[FINE_BUCKETS];
    private final CoarseBucket[] coarse = new CoarseBucket[COARSE_BUCKETS];

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
        FineBucket bucket = fineBucket(now);
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
            FineBucket bucket = fine[(int) Math.floorMod(index, FINE_BUCKETS)];
            if (bucket != null && bucket.index == index) {
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
    synchronized EndpointStatus status(long now, long refreshMillis) {
        if (measured == null || now - measuredAt >= refreshMillis || now < measuredAt) {
            measured = measure(now);
            measuredAt = now;
        }
        return measured.at(state(now), recentOutage(now));
    }

    /** Percentiles and uptimes; the breaker and outage fields are left for {@link #status} to fill in. */
    private EndpointStatus measure(long now) {
        long current = now / FINE_BUCKET_MILLIS;
        double[] latencies = new double[FINE_BUCKETS * SAMPLES_PER_BUCKET];
        double[] throughputs = new double[FINE_BUCKETS * SAMPLES_PER_BUCKET];
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
            FineBucket bucket = fine[(int) Math.floorMod(index, FINE_BUCKETS)];
            if (bucket != null && bucket.index == index) {
                successes += bucket.successes;
                failures += bucket.failures;
                System.arraycopy(bucket.latency.kept, 0, latencies, latencyCount, bucket.latency.size());
                latencyCount += bucket.latency.size();
                System.arraycopy(bucket.throughput.kept, 0, throughputs, throughputCount, bucket.throughput.size());
                throughputCount += bucket.throughput.size();
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
            long index = coarseCurrent - age;
            CoarseBucket bucket = coarse[(int) Math.floorMod(index, COARSE_BUCKETS)];
            if (bucket != null && bucket.index == index) {
                daySuccesses += bucket.successes;
                dayFailures += bucket.failures;
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

    private static Optional<Double> uptime(int successes, int failures) {
        int counted = successes + failures;
        return counted == 0 ? Optional.empty() : Optional.of(successes * 100.0 / counted);
    }

    private void trip(long now) {
        breaker = BreakerState.OPEN;
        openedAt = now;
        lastTripAt = now;
    }

    private FineBucket fineBucket(long now) {
        long index = now / FINE_BUCKET_MILLIS;
        int slot = (int) Math.floorMod(index, FINE_BUCKETS);
        if (fine[slot] == null) {
            fine[slot] = new FineBucket();
        }
        FineBucket bucket = fine[slot];
        if (bucket.index != index) {
            bucket.reset(index);
        }
        return bucket;
    }

    private CoarseBucket coarseBucket(long now) {
        long index = now / COARSE_BUCKET_MILLIS;
        int slot = (int) Math.floorMod(index, COARSE_BUCKETS);
        if (coarse[slot] == null) {
            coarse[slot] = new CoarseBucket();
        }
        CoarseBucket bucket = coarse[slot];
        if (bucket.index != index) {
            bucket.index = index;
            bucket.successes = 0;
            bucket.failures = 0;
        }
        return bucket;
    }
}
