package dev.tollgate.api.inference.boundary;

import dev.tollgate.api.inference.control.InferenceCall;
import dev.tollgate.routing.dispatch.CallControl;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches open streams from one shared thread: sends keep-alive comments while the upstream is quiet (which is also
 * how a departed caller is noticed, and its upstream call cancelled), and stops a stream whose upstream has been
 * silent too long, or that has run longer than a stream may.
 */
@ApplicationScoped
public class StreamWatch {

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tollgate-stream-watch");
        thread.setDaemon(true);
        return thread;
    });

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
    }

    ScheduledFuture<?> watch(
            InferenceCall call, SseSink sink, Duration keepAlive, Duration silenceLimit, Duration longest) {
        long period = Math.max(50, keepAlive.toMillis() / 2);
        long keepAliveNanos = keepAlive.toNanos();
        long silenceNanos = silenceLimit.toNanos();
        long longestNanos = longest.toNanos();
        return ticker.scheduleWithFixedDelay(
                () -> {
                    if (call.ageNanos() > longestNanos) {
                        call.control().stop(CallControl.Stop.TOO_LONG);
                    } else if (call.upstreamSilentNanos() > silenceNanos) {
                        call.control().stop(CallControl.Stop.UPSTREAM_SILENT);
                    }
                    try {
                        sink.keepAlive(keepAliveNanos);
                    } catch (IOException | RuntimeException callerGone) {
                        // A connection the container has given up on fails either way.
                        call.control().stop(CallControl.Stop.CLIENT_GONE);
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
    }
}
