package dev.tollgate.routing.health;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other replicas' health buckets, as they publish them, and the text this replica publishes of its own. A message
 * has one line per bucket: {@code f <endpoint> <window> <successes> <failures> <rate-limited> <latencies>
 * <throughputs>} for a 5-second bucket (samples comma-separated, {@code -} for none) and {@code c <endpoint> <window>
 * <successes> <failures>} for a 5-minute one. Whole buckets travel, so a receiver replaces its copy of the window and
 * a repeated or reordered message does no harm.
 */
final class SharedHealth {

    static final String CHANNEL = "health.buckets";
    /** Sent by a replica once it listens on {@link #CHANNEL}: the others answer with every bucket they hold. */
    static final String NEWCOMER = "health.newcomer";

    /** Endpoint → replica → that replica's buckets of the endpoint. */
    private final Map<UUID, Map<String, BucketRing>> peers = new ConcurrentHashMap<>();

    Collection<BucketRing> peersOf(UUID endpoint) {
        Map<String, BucketRing> rings = peers.get(endpoint);
        return rings == null ? List.of() : rings.values();
    }

    /** A replica left: its samples leave the statistics with it. */
    void forget(String replica) {
        peers.values().forEach(rings -> rings.remove(replica));
    }

    /** This replica's buckets of every endpoint (see {@link EndpointRecord#export}); empty when there is nothing new. */
    static String encode(Map<UUID, EndpointRecord> records, long now, boolean everything) {
        StringBuilder text = new StringBuilder();
        records.forEach((endpoint, record) -> record.export(now, everything, new EndpointRecord.BucketWriter() {
            @Override
            public void fine(BucketRing.FineBucket bucket) {
                start(text, "f", endpoint, bucket.index, bucket.successes, bucket.failures, bucket.rateLimited);
                text.append(' ');
                samples(text, bucket.latency);
                text.append(' ');
                samples(text, bucket.throughput);
                text.append('\n');
            }

            @Override
            public void coarse(BucketRing.CoarseBucket bucket) {
                start(text, "c", endpoint, bucket.index, bucket.successes, bucket.failures);
                text.append('\n');
            }
        }));
        return text.toString();
    }

    /**
     * Takes in what {@code replica} published. A malformed line is an {@link IllegalArgumentException}: the lines
     * before it are kept.
     */
    void receive(String replica, String message) {
        for (String line : message.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(" ");
            boolean fine = fields[0].equals("f") && fields.length == 8;
            if (!fine && !(fields[0].equals("c") && fields.length == 5)) {
                throw new IllegalArgumentException("not a health bucket: " + line);
            }
            BucketRing ring = peers.computeIfAbsent(UUID.fromString(fields[1]), id -> new ConcurrentHashMap<>())
                    .computeIfAbsent(replica, name -> new BucketRing());
            long index = Long.parseLong(fields[2]);
            int successes = Integer.parseInt(fields[3]);
            int failures = Integer.parseInt(fields[4]);
            synchronized (ring) {
                if (fine) {
                    BucketRing.FineBucket bucket = ring.fineForWriting(index);
                    bucket.successes = successes;
                    bucket.failures = failures;
                    bucket.rateLimited = Integer.parseInt(fields[5]);
                    bucket.latency.replace(samples(fields[6]));
                    bucket.throughput.replace(samples(fields[7]));
                } else {
                    BucketRing.CoarseBucket bucket = ring.coarseForWriting(index);
                    bucket.successes = successes;
                    bucket.failures = failures;
                }
            }
        }
    }

    private static void start(StringBuilder text, String kind, UUID endpoint, long index, int... counts) {
        text.append(kind).append(' ').append(endpoint).append(' ').append(index);
        for (int count : counts) {
            text.append(' ').append(count);
        }
    }

    private static void samples(StringBuilder text, BucketRing.Samples samples) {
        int size = samples.size();
        if (size == 0) {
            text.append('-');
            return;
        }
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                text.append(',');
            }
            double sample = samples.kept[i];
            // Latencies are whole milliseconds: written without a fraction they take half the room.
            if (sample == Math.rint(sample) && Math.abs(sample) < 1e15) {
                text.append((long) sample);
            } else {
                text.append(sample);
            }
        }
    }

    private static double[] samples(String field) {
        if (field.equals("-")) {
            return new double[0];
        }
        String[] parts = field.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return values;
    }
}
