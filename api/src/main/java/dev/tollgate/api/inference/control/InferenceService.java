package dev.tollgate.api.inference.control;

import dev.tollgate.api.generation.control.Generation;
import dev.tollgate.api.generation.control.GenerationLog;
import dev.tollgate.billing.call.CallCharges;
import dev.tollgate.billing.call.CallHold;
import dev.tollgate.db.DatabaseOutage;
import dev.tollgate.routing.adapter.PromptText;
import dev.tollgate.routing.adapter.TokenCount;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.UpstreamReply;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.Catalog;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.dispatch.Attempt;
import dev.tollgate.routing.dispatch.CallControl;
import dev.tollgate.routing.dispatch.DispatchFailedException;
import dev.tollgate.routing.dispatch.Dispatcher;
import dev.tollgate.routing.dispatch.RoutePlan;
import dev.tollgate.routing.dispatch.RoutePlanner;
import dev.tollgate.routing.dispatch.RouteRequest;
import dev.tollgate.routing.health.EndpointHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One inference call from plan to record: the planner orders the endpoints, the dispatcher gets an answer, the answer
 * is shaped as OpenRouter's (its id, the model and provider that answered, usage with the exact cost), and the
 * generation is recorded, failed calls included. Failed or empty answers cost nothing.
 */
@ApplicationScoped
public class InferenceService {

    private static final Logger LOG = Logger.getLogger(InferenceService.class.getName());

    /** Fields of an upstream answer the gateway sets itself. */
    private static final Set<String> OWN_FIELDS =
            Set.of("id", "object", "created", "model", "provider", "choices", "usage");

    @Inject
    Catalog catalog;

    @Inject
    RoutePlanner planner;

    @Inject
    Dispatcher dispatcher;

    @Inject
    GenerationLog generations;

    @Inject
    EndpointHealth health;

    @Inject
    CallCharges charges;

    /**
     * The route, under the organisation's privacy setting and default ignored providers as well as the request's own preferences.
     *
     * @throws dev.tollgate.routing.dispatch.NoRouteException when nothing can serve the call
     */
    public RoutePlan plan(InferenceCall call) {
        InferenceRequest request = call.request();
        return planner.plan(
                catalog.current(),
                new RouteRequest(
                        request.models(),
                        request.original(),
                        call.caller().denyDataCollection(),
                        call.caller().ignoredProviders()));
    }

    /**
     * A whole answer, settled before it is returned: the cost it reports is in the ledger.
     *
     * @param hold what {@link CallAdmission} reserved for the call; released or settled here, whatever happens
     * @throws DispatchFailedException when every endpoint failed (the failed generation is recorded)
     */
    public JsonObject complete(InferenceCall call, RoutePlan plan, CallHold hold) throws DispatchFailedException {
        Dispatcher.Answered answered;
        try {
            answered = dispatcher.complete(plan, call.request().call(), call.control());
        } catch (DispatchFailedException e) {
            releaseQuietly(hold);
            recordFailure(call, plan, e.attempts());
            throw e;
        }
        long answeredNanos = System.nanoTime();
        JsonObject upstream = answered.completion().body();
        boolean estimated = answered.completion().usage().equals(TokenUsage.NONE);
        TokenUsage usage = estimated
                ? counted(call, completionText(upstream))
                : answered.completion().usage();
        Optional<String> finishReason = firstChoiceField(upstream, "finish_reason");
        Optional<String> nativeReason = firstChoiceField(upstream, "native_finish_reason");
        Charge charge = charge(answered.endpoint(), usage, finishReason);
        settle(hold, answered.endpoint(), charge);
        AnswerShape shape = call.request().shape();
        JsonObjectBuilder body = head(call, answered.endpoint(), shape.completionObject())
                .add(
                        "choices",
                        shape.choices(upstream.getOrDefault(
                                "choices", WireJson.array().build())));
        copyOthers(upstream, body);
        body.add("usage", usageJson(usage, charge));
        recordThroughput(answered.endpoint(), usage, answered.answerNanos());
        generations.record(generation(
                call,
                plan,
                answered.endpoint(),
                answered.attempts(),
                usage,
                estimated,
                charge,
                finishReason,
                nativeReason,
                false,
                answeredNanos));
        return body.build();
    }

    /**
     * A streamed answer: chunks go to the sink as they arrive, then the usage chunk and {@code [DONE]}. A failure
     * after the first chunk ends the stream with an error chunk; a caller who leaves cancels the upstream call.
     *
     * @throws DispatchFailedException when every endpoint failed before the first chunk (then nothing was sent but
     *     keep-alive comments)
     */
    public void stream(InferenceCall call, RoutePlan plan, ChunkSink sink, CallHold hold)
            throws DispatchFailedException {
        Dispatcher.Streaming streaming;
        try {
            streaming = dispatcher.stream(plan, call.request().call(), call.control());
        } catch (DispatchFailedException e) {
            releaseQuietly(hold);
            recordFailure(call, plan, e.attempts());
            throw e;
        }
        long startedNanos = System.nanoTime();
        call.upstreamSpoke();
        RoutableEndpoint endpoint = streaming.endpoint();
        AnswerShape shape = call.request().shape();
        StreamTally tally = new StreamTally();
        boolean cancelled = false;
        Optional<UpstreamFailure> failure = Optional.empty();
        try (UpstreamReply reply = streaming.reply()) {
            JsonObject chunk = streaming.firstChunk();
            while (chunk != null) {
                tally.observe(chunk);
                if (!(chunk.get("choices") instanceof jakarta.json.JsonArray choices) || !choices.isEmpty()) {
                    JsonObjectBuilder out = head(call, endpoint, shape.chunkObject())
                            .add(
                                    "choices",
                                    shape.chunkChoices(chunk.getOrDefault(
                                            "choices", WireJson.array().build())));
                    copyOthers(chunk, out);
                    sink.send(out.build());
                }
                chunk = reply.nextChunk().orElse(null);
                call.upstreamSpoke();
            }
        } catch (IOException callerGone) {
            call.control().stop(CallControl.Stop.CLIENT_GONE);
            cancelled = true;
        } catch (UpstreamFailure broken) {
            if (call.control()
                    .stopped()
                    .filter(reason -> reason == CallControl.Stop.CLIENT_GONE)
                    .isPresent()) {
                cancelled = true;
            } else {
                failure =
                        Optional.of(call.control().stopped().isPresent() ? Dispatcher.stopped(call.control()) : broken);
            }
        }
        TokenUsage reported = tally.usage().orElse(TokenUsage.NONE);
        boolean estimated = reported.equals(TokenUsage.NONE);
        TokenUsage usage = estimated ? counted(call, tally.delivered().toString()) : reported;
        Optional<String> finishReason = failure.isPresent() ? Optional.of("error") : tally.finishReason();
        // Ended by the gateway's limit on a stream's length: the caller got what was delivered and pays for that.
        boolean tooLong = failure.isPresent()
                && call.control()
                        .stopped()
                        .filter(reason -> reason == CallControl.Stop.TOO_LONG)
                        .isPresent();
        Charge charge = charge(endpoint, usage, tooLong ? Optional.empty() : finishReason);
        // Before the usage chunk: the cost the caller is told is in the ledger by then.
        settle(hold, endpoint, charge);
        if (failure.isPresent() && !tooLong) {
            // It answered, then broke: that counts against it as much as not answering.
            health.failed(endpoint.id(), failure.get().kind());
        } else if (!cancelled) {
            recordThroughput(endpoint, usage, System.nanoTime() - startedNanos);
        }
        if (failure.isPresent()) {
            sendQuietly(sink, errorChunk(call, endpoint, shape, failure.get()));
        } else if (!cancelled) {
            try {
                sink.send(head(call, endpoint, shape.chunkObject())
                        .add("choices", WireJson.array())
                        .add("usage", usageJson(usage, charge))
                        .build());
                sink.done();
            } catch (IOException callerGone) {
                cancelled = true;
            }
        }
        generations.record(generation(
                call,
                plan,
                endpoint,
                streaming.attempts(),
                usage,
                estimated,
                charge,
                finishReason,
                failure.isPresent() ? finishReason : tally.nativeFinishReason(),
                cancelled,
                startedNanos));
    }

    /** Posts what the call cost, or only releases its hold when it cost nothing (a failed or empty answer). */
    private void settle(CallHold hold, RoutableEndpoint endpoint, Charge charge) {
        if (charge.list().signum() == 0 && charge.upstream().signum() == 0) {
            charges.release(hold);
        } else {
            charges.settle(hold, endpoint.provider().slug(), charge.upstream(), charge.list());
        }
    }

    /**
     * Releases a hold on the way out of a failure. Harmless after the call settled (the release is then the one the
     * settlement made); if even this fails, the sweeper releases the hold later.
     */
    public void releaseQuietly(CallHold hold) {
        try {
            charges.release(hold);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not release the hold of " + hold.generationId() + "; the sweeper will", e);
        }
    }

    /** Completion tokens per second, over the time the answer took to generate (from its first chunk, when streamed). */
    private void recordThroughput(RoutableEndpoint endpoint, TokenUsage usage, long generationNanos) {
        if (usage.completionTokens() > 0 && generationNanos > 0) {
            health.throughput(endpoint.id(), usage.completionTokens() * 1e9 / generationNanos);
        }
    }

    /** The error chunk that ends a stream whose answer failed after it had started. */
    private static JsonObject errorChunk(
            InferenceCall call, RoutableEndpoint endpoint, AnswerShape shape, UpstreamFailure failure) {
        JsonObject error = WireJson.object()
                .add("code", failure.gatewayStatus())
                .add("message", failure.getMessage())
                .add(
                        "metadata",
                        WireJson.object()
                                .add("error_type", failure.errorType())
                                .add("provider_name", endpoint.provider().name()))
                .build();
        JsonObject choice = WireJson.object()
                .add("index", 0)
                .add("delta", WireJson.object().add("content", ""))
                .add("finish_reason", "error")
                .add("native_finish_reason", "error")
                .build();
        return head(call, endpoint, shape.chunkObject())
                .add("error", error)
                .add("choices", shape.chunkChoices(WireJson.array().add(choice).build()))
                .build();
    }

    /** The chunk that ends a stream when every endpoint failed after keep-alive comments had committed it. */
    public JsonObject dispatchFailedChunk(InferenceCall call, DispatchFailedException failed) {
        return failedChunk(call, FailureReport.error(failed));
    }

    /**
     * The chunk that ends a started stream when the database went away before the call could settle: the caller is
     * told no cost, and the call costs nothing (docs/decisions.md, "Faults at home").
     */
    public JsonObject databaseOutageChunk(InferenceCall call) {
        return failedChunk(
                call,
                WireJson.object()
                        .add("code", 503)
                        .add("message", DatabaseOutage.MESSAGE)
                        .build());
    }

    private static JsonObject failedChunk(InferenceCall call, JsonObject error) {
        JsonObject choice = WireJson.object()
                .add("index", 0)
                .add("delta", WireJson.object().add("content", ""))
                .add("finish_reason", "error")
                .add("native_finish_reason", "error")
                .build();
        AnswerShape shape = call.request().shape();
        return WireJson.object()
                .add("id", call.generationId())
                .add("model", call.request().requestedModel())
                .add("object", shape.chunkObject())
                .add("created", call.receivedAt().getEpochSecond())
                .add("error", error)
                .add("choices", shape.chunkChoices(WireJson.array().add(choice).build()))
                .build();
    }

    private static void sendQuietly(ChunkSink sink, JsonObject chunk) {
        try {
            sink.send(chunk);
        } catch (IOException callerGone) {
            // The caller left while the stream was failing anyway.
        }
    }

    /**
     * Usage counted with the gateway's tokenizer, for when the provider reported none (a server without usage, or a
     * stream the caller left before its usage chunk); the generation says it was estimated.
     */
    private static TokenUsage counted(InferenceCall call, String completion) {
        return new TokenUsage(
                TokenCount.of(PromptText.of(call.request().call().body())), TokenCount.of(completion), 0, 0);
    }

    /** What a call costs at the endpoint that answered; nothing for a failed or empty answer. */
    record Charge(BigDecimal list, BigDecimal upstream) {}

    private static Charge charge(RoutableEndpoint endpoint, TokenUsage usage, Optional<String> finishReason) {
        boolean failed = finishReason.filter("error"::equals).isPresent();
        if (failed || usage.completionTokens() == 0) {
            return new Charge(BigDecimal.ZERO, BigDecimal.ZERO);
        }
        return new Charge(
                endpoint.listPrice().charge(usage.promptTokens(), usage.completionTokens()),
                endpoint.cost().charge(usage.promptTokens(), usage.completionTokens()));
    }

    private static JsonObjectBuilder usageJson(TokenUsage usage, Charge charge) {
        return usage.toOpenAi()
                .add("cost", WireJson.exact(charge.list()))
                .add("is_byok", false)
                .add("cost_details", WireJson.object().addNull("upstream_inference_cost"));
    }

    private static JsonObjectBuilder head(InferenceCall call, RoutableEndpoint endpoint, String object) {
        return WireJson.object()
                .add("id", call.generationId())
                .add("provider", endpoint.provider().name())
                .add("model", endpoint.modelId())
                .add("object", object)
                .add("created", call.receivedAt().getEpochSecond());
    }

    private static void copyOthers(JsonObject upstream, JsonObjectBuilder body) {
        for (Map.Entry<String, JsonValue> field : upstream.entrySet()) {
            if (!OWN_FIELDS.contains(field.getKey())) {
                body.add(field.getKey(), field.getValue());
            }
        }
    }

    private static Optional<String> firstChoiceField(JsonObject completion, String field) {
        return WireJson.arrayField(completion, "choices")
                .filter(choices -> !choices.isEmpty() && choices.get(0) instanceof JsonObject)
                .flatMap(choices -> WireJson.stringField(choices.getJsonObject(0), field));
    }

    private static String completionText(JsonObject completion) {
        StringBuilder text = new StringBuilder();
        WireJson.arrayField(completion, "choices")
                .ifPresent(choices -> choices.forEach(choice -> {
                    if (choice instanceof JsonObject object) {
                        WireJson.objectField(object, "message").ifPresent(message -> {
                            WireJson.stringField(message, "content").ifPresent(text::append);
                            WireJson.arrayField(message, "tool_calls")
                                    .ifPresent(calls -> text.append(WireJson.write(calls)));
                        });
                    }
                }));
        return text.toString();
    }

    private void recordFailure(InferenceCall call, RoutePlan plan, List<Attempt> attempts) {
        generations.record(new Generation(
                call.generationId(),
                call.caller().organizationId(),
                call.caller().keyId(),
                call.request().requestedModel(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                call.request().stream(),
                call.control()
                        .stopped()
                        .filter(reason -> reason == CallControl.Stop.CLIENT_GONE)
                        .isPresent(),
                Optional.of("error"),
                Optional.empty(),
                TokenUsage.NONE,
                false,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                millisSince(call.receivedNanos()),
                0,
                call.attribution().referer(),
                call.attribution().title(),
                attempts,
                plan.candidates(),
                plan.excluded(),
                call.receivedAt()));
    }

    private static Generation generation(
            InferenceCall call,
            RoutePlan plan,
            RoutableEndpoint endpoint,
            List<Attempt> attempts,
            TokenUsage usage,
            boolean estimated,
            Charge charge,
            Optional<String> finishReason,
            Optional<String> nativeReason,
            boolean cancelled,
            long answerStartedNanos) {
        return new Generation(
                call.generationId(),
                call.caller().organizationId(),
                call.caller().keyId(),
                call.request().requestedModel(),
                Optional.of(endpoint.modelId()),
                Optional.of(endpoint.provider().slug()),
                Optional.of(endpoint.provider().name()),
                Optional.of(endpoint.id()),
                call.request().stream(),
                cancelled,
                finishReason,
                nativeReason,
                usage,
                estimated,
                charge.list(),
                charge.upstream(),
                (answerStartedNanos - call.receivedNanos()) / 1_000_000,
                millisSince(answerStartedNanos),
                call.attribution().referer(),
                call.attribution().title(),
                attempts,
                plan.candidates(),
                plan.excluded(),
                call.receivedAt());
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
