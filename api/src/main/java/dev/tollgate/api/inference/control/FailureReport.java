package dev.tollgate.api.inference.control;

import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.dispatch.Attempt;
import dev.tollgate.routing.dispatch.DispatchFailedException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenRouter's error for a call every endpoint failed: the status of the last failure (502, 408 for a timeout, 429
 * when every provider was rate-limited, 400 for a request no provider accepts) and, in {@code metadata}, its typed
 * {@code error_type}, the provider that failed last and {@code previous_errors} for each attempt.
 */
public final class FailureReport {

    private FailureReport() {}

    public static int status(DispatchFailedException failed) {
        return failed.last().gatewayStatus();
    }

    /**
     * For {@code Retry-After}: when the call ends rate-limited (429), the seconds the provider asked for in its own
     * {@code Retry-After}, so the caller waits as long as the provider wants; empty otherwise.
     */
    public static Optional<Long> retryAfterSeconds(DispatchFailedException failed) {
        UpstreamFailure last = failed.last();
        if (last.kind() != UpstreamFailure.Kind.RATE_LIMITED) {
            return Optional.empty();
        }
        return last.retryAfter().map(Duration::toSeconds).filter(seconds -> seconds >= 0);
    }

    /** The {@code error} object: {@code code}, {@code message}, {@code metadata}. */
    public static JsonObject error(DispatchFailedException failed) {
        UpstreamFailure last = failed.last();
        JsonArrayBuilder previous = WireJson.array();
        for (Attempt attempt : failed.attempts()) {
            previous.add(WireJson.object()
                    .add("provider", attempt.provider())
                    .add("status", attempt.status())
                    .add("message", attempt.error().orElse("")));
        }
        String provider = failed.attempts().isEmpty()
                ? ""
                : failed.attempts().get(failed.attempts().size() - 1).providerName();
        String message = last.retryable() && failed.attempts().size() > 1
                ? "All providers failed; the last said: " + last.getMessage()
                : "Provider error: " + last.getMessage();
        return WireJson.object()
                .add("code", last.gatewayStatus())
                .add("message", message)
                .add(
                        "metadata",
                        WireJson.object()
                                .add("error_type", last.errorType())
                                .add("provider_name", provider)
                                .add("previous_errors", previous))
                .build();
    }
}
