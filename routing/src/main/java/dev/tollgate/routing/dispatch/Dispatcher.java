package dev.tollgate.routing.dispatch;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.ChatCompletion;
import dev.tollgate.routing.adapter.ProviderAdapter;
import dev.tollgate.routing.adapter.ProviderAdapters;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.UpstreamReply;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tries the plan's endpoints in order until one answers. A retryable failure (429, 5xx, timeout, connection failure,
 * context overflow, moderation) moves on to the next endpoint; anything else ends the call. For a stream, the answer
 * counts as started with its first chunk: until then, nothing has reached the client and a failure can still fall
 * back.
 */
@ApplicationScoped
public class Dispatcher {

    /** An answer that arrived whole. */
    public record Answered(RoutableEndpoint endpoint, ChatCompletion completion, List<Attempt> attempts) {}

    /** A stream that has started: its first chunk is in hand, the rest is read from {@code reply}. */
    public record Streaming(
            RoutableEndpoint endpoint, UpstreamReply reply, JsonObject firstChunk, List<Attempt> attempts) {}

    private final ProviderAdapters adapters;

    @Inject
    public Dispatcher(ProviderAdapters adapters) {
        this.adapters = adapters;
    }

    /** For CDI's proxy only. */
    protected Dispatcher() {
        this.adapters = null;
    }

    public Answered complete(RoutePlan plan, ChatCall call, CallControl control) throws DispatchFailedException {
        List<Attempt> attempts = new ArrayList<>();
        UpstreamFailure last = null;
        for (RoutableEndpoint endpoint : plan.endpoints()) {
            long started = System.nanoTime();
            try {
                UpstreamReply reply = await(endpoint, call, control);
                try (reply) {
                    ChatCompletion completion = reply.completion();
                    attempts.add(attempt(endpoint, 200, Optional.empty(), started));
                    return new Answered(endpoint, completion, attempts);
                }
            } catch (UpstreamFailure failure) {
                last = failure;
                attempts.add(attempt(endpoint, failure.upstreamStatus(), Optional.of(failure.getMessage()), started));
                if (!failure.retryable() || control.stopped().isPresent()) {
                    break;
                }
            }
        }
        throw new DispatchFailedException(last, attempts);
    }

    public Streaming stream(RoutePlan plan, ChatCall call, CallControl control) throws DispatchFailedException {
        List<Attempt> attempts = new ArrayList<>();
        UpstreamFailure last = null;
        for (RoutableEndpoint endpoint : plan.endpoints()) {
            long started = System.nanoTime();
            UpstreamReply reply = null;
            try {
                reply = await(endpoint, call, control);
                JsonObject first = reply.nextChunk()
                        .orElseThrow(() -> new UpstreamFailure(
                                UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's stream was empty"));
                attempts.add(attempt(endpoint, 200, Optional.empty(), started));
                return new Streaming(endpoint, reply, first, attempts);
            } catch (UpstreamFailure failure) {
                if (reply != null) {
                    reply.close();
                }
                last = failure;
                attempts.add(attempt(endpoint, failure.upstreamStatus(), Optional.of(failure.getMessage()), started));
                if (!failure.retryable() || control.stopped().isPresent()) {
                    break;
                }
            }
        }
        throw new DispatchFailedException(last, attempts);
    }

    private UpstreamReply await(RoutableEndpoint endpoint, ChatCall call, CallControl control) throws UpstreamFailure {
        Optional<ProviderAdapter> adapter =
                adapters.forProtocol(endpoint.provider().protocol());
        if (adapter.isEmpty()) {
            throw new UpstreamFailure(
                    UpstreamFailure.Kind.PROVIDER_CONFIGURATION,
                    0,
                    "no adapter speaks " + endpoint.provider().protocol().wireName());
        }
        if (control.stopped().isPresent()) {
            throw stopped(control);
        }
        UpstreamReply reply = adapter.get().start(endpoint, call);
        control.track(reply);
        return reply;
    }

    /** The failure a call stopped from outside ends with. */
    public static UpstreamFailure stopped(CallControl control) {
        return control.stopped()
                        .filter(reason -> reason == CallControl.Stop.UPSTREAM_SILENT)
                        .isPresent()
                ? new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, 0, "the provider went silent for too long")
                : new UpstreamFailure(UpstreamFailure.Kind.CONNECTION, 0, "the call was cancelled");
    }

    private static Attempt attempt(RoutableEndpoint endpoint, int status, Optional<String> error, long startedNanos) {
        return new Attempt(
                endpoint.id(),
                endpoint.modelId(),
                endpoint.provider().slug(),
                endpoint.provider().name(),
                status,
                error,
                (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
