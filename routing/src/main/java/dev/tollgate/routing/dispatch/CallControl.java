package dev.tollgate.routing.dispatch;

/**
 * Lets another thread stop a call: the client went away, the upstream went silent for too long, or the stream ran
 * longer than the gateway allows. Whatever is in
 * flight (a pending answer or an open stream) is closed, which releases its connection.
 */
public final class CallControl {

    /** Why a call was stopped from outside. */
    public enum Stop {
        CLIENT_GONE,
        UPSTREAM_SILENT,
        /** The stream reached {@code tollgate.stream.max-seconds}: the gateway's limit, not the provider's fault. */
        TOO_LONG
    }

    private Stop stopped;
    private AutoCloseable current;

    /** Makes {@code inFlight} the thing to close on a stop; closes it at once if the call is already stopped. */
    public void track(AutoCloseable inFlight) {
        boolean closeNow;
        synchronized (this) {
            current = inFlight;
            closeNow = stopped != null;
        }
        if (closeNow) {
            closeQuietly(inFlight);
        }
    }

    public void stop(Stop reason) {
        AutoCloseable inFlight;
        synchronized (this) {
            if (stopped != null) {
                return;
            }
            stopped = reason;
            inFlight = current;
        }
        if (inFlight != null) {
            closeQuietly(inFlight);
        }
    }

    public synchronized java.util.Optional<Stop> stopped() {
        return java.util.Optional.ofNullable(stopped);
    }

    private static void closeQuietly(AutoCloseable inFlight) {
        try {
            inFlight.close();
        } catch (Exception ignored) {
            // Closing only abandons the call; nobody waits for its outcome.
        }
    }
}
