package dev.tollgate.routing.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Concurrency limits of upstream deployments, on this replica. A deployment is a provider's upstream model: a
 * {@code :free} model and its paid twin usually run on the same one, so they share one count. At the limit, paid
 * calls are served first: a free call is turned away at once (and, with nowhere else to go, gets a 429), while a paid
 * call with no other endpoint left waits up to {@code tollgate.routing.saturation-wait-ms} for a slot, ahead of any
 * free call.
 */
@ApplicationScoped
public class UpstreamGates {

    /** Who gets a slot first. */
    public enum Priority {
        PAID,
        FREE
    }

    /** A slot held on a deployment; closing it frees the slot (once, however often it is closed). */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final Permit UNLIMITED = () -> {};

    private record Deployment(String provider, String upstreamModel) {}

    private final Map<Deployment, Gate> gates = new ConcurrentHashMap<>();
    private Duration paidWait;

    public UpstreamGates() {}

    /** For tests. */
    public UpstreamGates(Duration paidWait) {
        this.paidWait = paidWait;
    }

    private Duration paidWait() {
        if (paidWait == null) {
            paidWait = Duration.ofMillis(ConfigProvider.getConfig()
                    .getOptionalValue("tollgate.routing.saturation-wait-ms", Long.class)
                    .orElse(1_000L));
        }
        return paidWait;
    }

    /**
     * A slot on the deployment, or empty when it is at its limit (after waiting, for a paid call that may wait).
     *
     * @param limit the endpoint's concurrency limit; empty means none
     * @param mayWait whether a paid call may wait for a slot (it has no other endpoint to try)
     */
    public Optional<Permit> enter(
            String provider, String upstreamModel, Optional<Integer> limit, Priority priority, boolean mayWait) {
        if (limit.isEmpty()) {
            return Optional.of(UNLIMITED);
        }
        Gate gate = gates.computeIfAbsent(new Deployment(provider, upstreamModel), deployment -> new Gate());
        long waitNanos = priority == Priority.PAID && mayWait ? paidWait().toNanos() : 0;
        try {
            return gate.enter(limit.get(), priority, waitNanos) ? Optional.of(gate.permit()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Calls in flight to a deployment, for tests and the console. */
    public int inFlight(String provider, String upstreamModel) {
        Gate gate = gates.get(new Deployment(provider, upstreamModel));
        return gate == null ? 0 : gate.inFlight();
    }

    private static final class Gate {
        private int inFlight;
        private int paidWaiting;

        synchronized boolean enter(int limit, Priority priority, long waitNanos) throws InterruptedException {
            if (priority == Priority.FREE) {
                // A paid call waiting for a slot is served before any free call.
                if (inFlight >= limit || paidWaiting > 0) {
                    return false;
                }
                inFlight++;
                return true;
            }
            long deadline = System.nanoTime() + waitNanos;
            while (inFlight >= limit) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                paidWaiting++;
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } finally {
                    paidWaiting--;
                }
            }
            inFlight++;
            return true;
        }

        synchronized void leave() {
            inFlight--;
            notifyAll();
        }

        synchronized int inFlight() {
            return inFlight;
        }

        Permit permit() {
            java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
            return () -> {
                if (open.compareAndSet(true, false)) {
                    leave();
                }
            };
        }
    }
}
