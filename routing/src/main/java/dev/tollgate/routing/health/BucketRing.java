package dev.tollgate.routing.health;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One endpoint's calls as seen by one replica: 5-second buckets for 30 minutes (with up to {@link #SAMPLES_PER_BUCKET}
 * latency and throughput samples each, kept by reservoir sampling) and 5-minute buckets for a day (counts only). A
 * bucket remembers which window it holds, so the ring is reused as time wraps around and a stale bucket is never read
 * as a current one. Not thread-safe: its owner locks.
 */
final class BucketRing {

    static final long FINE_BUCKET_MILLIS = 5_000;
    static final int FINE_BUCKETS = 360; // 30 minutes
    static final long COARSE_BUCKET_MILLIS = 300_000;
    static final int COARSE_BUCKETS = 288; // a day
    static final int SAMPLES_PER_BUCKET = 32;

    static final class FineBucket {
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

    static final class CoarseBucket {
        long index = -1;
        int successes;
        int failures;
    }

    /**
     * A bounded reservoir: every sample of the bucket has the same chance of being kept. Its array is made on the
     * first sample, so an endpoint that is seldom called costs little memory.
     */
    static final class Samples {
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

        /** Takes another replica's kept samples as they are. */
        void replace(double[] samples) {
            kept = samples.length == 0 ? NONE : Arrays.copyOf(samples, Math.min(samples.length, SAMPLES_PER_BUCKET));
            seen = kept.length;
        }

        int size() {
            return Math.min(seen, kept.length);
        }

        void clear() {
            seen = 0;
        }
    }

    // Buckets are made when first used and then reused as the window wraps around.
    private final FineBucket[] fine = new FineBucket[FINE_BUCKETS];
    private final CoarseBucket[] coarse = new CoarseBucket[COARSE_BUCKETS];

    /** The fine bucket of window {@code index}, emptied first when it still holds an older window. */
    FineBucket fineForWriting(long index) {
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

    /** The coarse bucket of window {@code index}, emptied first when it still holds an older window. */
    CoarseBucket coarseForWriting(long index) {
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

    /** The fine bucket of window {@code index}, or null when the ring holds nothing of that window. */
    FineBucket fine(long index) {
        FineBucket bucket = fine[(int) Math.floorMod(index, FINE_BUCKETS)];
        return bucket != null && bucket.index == index ? bucket : null;
    }

    /** The coarse bucket of window {@code index}, or null when the ring holds nothing of that window. */
    CoarseBucket coarse(long index) {
        CoarseBucket bucket = coarse[(int) Math.floorMod(index, COARSE_BUCKETS)];
        return bucket != null && bucket.index == index ? bucket : null;
    }
}
