package dev.tollgate.routing.dispatch;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.ChatCompletion;
import dev.tollgate.routing.adapter.ProviderAdapter;
import dev.tollgate.routing.adapter.ProviderAdapters;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.UpstreamReply;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.health.EndpointHealth;
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
 *
 * <p>Each attempt's outcome goes to {@link EndpointHealth}, and an endpoint whose breaker tripped since the plan was
 * made is passed over. An endpoint's upstream deployment at its concurrency limit is passed over too ({@link
 * UpstreamGates}): free calls first, paid calls only when it is their last endpoint and no slot came in time.
 */
@ApplicationScoped
public class Dispatcher {

    /**
     * An answer that arrived whole.
     *
     * @param answerNanos how long the endpoint that answered took, from sending to the last byte
     */
    public record Answered(
            RoutableEndpoint endpoint, ChatCompletion completion, List<Attempt> attempts, long answerNanos) {}

    /** A stream that has started: its first chunk is in hand, the rest is read from {@code reply}. */
    public record Streaming(
            RoutableEndpoint endpoint, UpstreamReply reply, JsonObject firstChunk, List<Attempt> attempts) {}

    private final ProviderAdapters adapters;
    private final EndpointHealth health;
    private final UpstreamGates gates;

    @Inject
    public Dispatcher(ProviderAdapters adapters, EndpointHealth health, UpstreamGates gates) {
        this.adapters = adapters;
        this.health = health;
        this.gates = gates;
    }

    /** For CDI's proxy only. */
    protected Dispatcher() {
        this(null, null, null);
    }

    /** What one attempt reads once its endpoint has been admitted: a whole answer, or a stream's first chunk. */
    private interface Exchange<T> {
        T read(UpstreamReply reply) throws UpstreamFailure;
    }

    /** What answered, and every attempt up to it. */
    private record Outcome<T>(
            RoutableEndpoint endpoint, UpstreamReply reply, T answer, List<Attempt> attempts, long nanos) {}

    public Answered complete(RoutePlan plan, ChatCall call, CallControl control) throws DispatchFailedException {
        Outcome<ChatCompletion> outcome = dispatch(plan, call, control, reply -> {
            try (reply) {
                return reply.completion();
            }
        });
        return new Answered(outcome.endpoint(), outcome.answer(), outcome.attempts(), outcome.nanos());
    }

    public Streaming stream(RoutePlan plan, ChatCall call, CallControl control) throws DispatchFailedException {
        Outcome<JsonObject> outcome = dispatch(plan, call, control, reply -> {
            try {
                return reply.nextChunk()
                        .orElseThrow(() -> new UpstreamFailure(
                                UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's stream was empty"));
            } catch (UpstreamFailure | RuntimeException e) {
                reply.close();
                throw e;
            }
        });
        return new Streaming(outcome.endpoint(), outcome.reply(), outcome.answer(), outcome.attempts());
    }

    private <T> Outcome<T> dispatch(RoutePlan plan, ChatCall call, CallControl control, Exchange<T> exchange)
            throws DispatchFailedException {
        List<Attempt> attempts = new ArrayList<>();
        UpstreamFailure last = null;
        List<RoutableEndpoint> endpoints = plan.endpoints();
        for (int i = 0; i < endpoints.size(); i++) {
            RoutableEndpoint endpoint = endpoints.get(i);
            long started = System.nanoTime();
            Optional<UpstreamGates.Permit> permit = gates.enter(
                    endpoint.provider().slug(),
                    endpoint.upstreamModel(),
                    endpoint.maxConcurrency(),
                    endpoint.modelId().endsWith(":free") ? UpstreamGates.Priority.FREE : UpstreamGates.Priority.PAID,
                    i == endpoints.size() - 1);
            if (permit.isEmpty()) {
                last = new UpstreamFailure(
                        UpstreamFailure.Kind.RATE_LIMITED, 0, "the provider is at its concurrency limit");
                attempts.add(attempt(endpoint, 0, Optional.of(last.getMessage()), started));
                continue;
            }
            if (!health.admit(endpoint.id())) {
                permit.get().close();
                last = new UpstreamFailure(
                        UpstreamFailure.Kind.CONNECTION, 0, "the provider's circuit breaker is open");
                attempts.add(attempt(endpoint, 0, Optional.of(last.getMessage()), started));
                continue;
            }
            try {
                UpstreamReply reply = start(endpoint, call, control, permit.get());
                T answer = exchange.read(reply);
                long nanos = System.nanoTime() - started;
                Attempt answered = attempt(endpoint, 200, Optional.empty(), started);
                health.succeeded(endpoint.id(), answered.latencyMillis());
                attempts.add(answered);
                return new Outcome<>(endpoint, reply, answer, List.copyOf(attempts), nanos);
            } catch (UpstreamFailure failure) {
                permit.get().close();
                last = failure;
                attempts.add(attempt(endpoint, failure.upstreamStatus(), Optional.of(failure.getMessage()), started));
                Optional<CallControl.Stop> stopped = control.stopped();
                if (stopped.filter(reason -> reason == CallControl.Stop.CLIENT_GONE)
                        .isPresent()) {
                    health.abandoned(endpoint.id());
                } else {
                    health.failed(
                            endpoint.id(),
                            stopped.isPresent() ? stopped(control).kind() : failure.kind());
                }
                if (!failure.retryable() || stopped.isPresent()) {
                    break;
                }
            }
        }
        throw new DispatchFailedException(last, attempts);
    }

    private UpstreamReply start(
            RoutableEndpoint endpoint, ChatCall call, CallControl control, UpstreamGates.Permit permit)
            throws UpstreamFailure {
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
        UpstreamReply reply =
                new PermittedReply(adapter.get().start(endpoint, UnsupportedParameters.drop(call, endpoint)), permit);
        control.track(reply);
        return reply;
    }

    /** The failure a call stopped from outside ends with. */
    public static UpstreamFailure stopped(CallControl control) {
        return switch (control.stopped().orElse(CallControl.Stop.CLIENT_GONE)) {
            case UPSTREAM_SILENT ->
                new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, 0, "the provider went silent for too long");
            case TOO_LONG ->
                new UpstreamFailure(
                        UpstreamFailure.Kind.TIMEOUT,
                        0,
                        "the stream ran longer than this gateway allows (TOLLGATE_STREAM_MAX_SECONDS); what was delivered"
                                + " is charged");
            case CLIENT_GONE -> new UpstreamFailure(UpstreamFailure.Kind.CONNECTION, 0, "the call was cancelled");
        };
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

    /** A reply that gives its deployment slot back when it is closed, however the call ends. */
    private record PermittedReply(UpstreamReply reply, UpstreamGates.Permit permit) implements UpstreamReply {

        @Override
        public ChatCompletion completion() throws UpstreamFailure {
            return reply.completion();
        }

        @Override
        public Optional<JsonObject> nextChunk() throws UpstreamFailure {
            return reply.nextChunk();
        }

        @Override
        public void close() {
            try {
                reply.close();
            } finally {
                permit.close();
            }
        }
    }
}
