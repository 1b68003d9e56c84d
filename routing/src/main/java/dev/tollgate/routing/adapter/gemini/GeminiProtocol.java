package dev.tollgate.routing.adapter.gemini;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.ChatCompletion;
import dev.tollgate.routing.adapter.FinishReasons;
import dev.tollgate.routing.adapter.HttpProtocol;
import dev.tollgate.routing.adapter.StreamTranslator;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.UpstreamRequest;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST {base}/models/{model}:generateContent}, or {@code :streamGenerateContent?alt=sse} for streams, with
 * the key in {@code x-goog-api-key} (never in the URL, which gets logged). Each Gemini candidate becomes a choice;
 * function calls become tool calls with ids {@code call_0}, {@code call_1}, … in the order the candidate made them.
 */
public final class GeminiProtocol implements HttpProtocol {

    @Override
    public UpstreamRequest request(RoutableEndpoint endpoint, ChatCall call) {
        String method = call.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
        URI uri = HttpProtocol.resolve(endpoint.provider().baseUrl(), "/models/" + endpoint.upstreamModel() + method);
        Map<String, String> headers = new LinkedHashMap<>();
        endpoint.provider().apiKey().ifPresent(key -> headers.put("x-goog-api-key", key));
        headers.put("Accept", call.stream() ? "text/event-stream" : "application/json");
        return HttpProtocol.jsonPost(uri, body(call), headers);
    }

    /** The {@code generateContent} body for a call (the same for both methods). */
    static JsonObject body(ChatCall call) {
        return GeminiRequestMapper.body(call.body());
    }

    @Override
    public ChatCompletion completion(JsonObject answer) throws UpstreamFailure {
        throwIfError(answer);
        JsonArray candidates = WireJson.arrayField(answer, "candidates").orElse(JsonValue.EMPTY_JSON_ARRAY);
        JsonArrayBuilder choices = WireJson.array();
        if (candidates.isEmpty()) {
            String blockReason = blockReason(answer)
                    .orElseThrow(() -> new UpstreamFailure(
                            UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's answer has no candidates"));
            choices.add(WireJson.object()
                    .add("index", 0)
                    .add("message", WireJson.object().add("role", "assistant").addNull("content"))
                    .add("finish_reason", "content_filter")
                    .add("native_finish_reason", blockReason));
        }
        for (int position = 0; position < candidates.size(); position++) {
            choices.add(choice(candidates.getJsonObject(position), position));
        }
        JsonObject body = WireJson.object()
                .add("object", "chat.completion")
                .add("choices", choices)
                .build();
        return new ChatCompletion(
                body,
                WireJson.objectField(answer, "usageMetadata")
                        .map(GeminiProtocol::usage)
                        .orElse(TokenUsage.NONE));
    }

    private static JsonObject choice(JsonObject candidate, int position) {
        List<JsonObject> parts = parts(candidate);
        JsonObjectBuilder message =
                WireJson.object().add("role", "assistant").add("content", WireJson.stringOrNull(text(parts)));
        List<JsonObject> calls = functionCalls(parts);
        if (!calls.isEmpty()) {
            JsonArrayBuilder toolCalls = WireJson.array();
            for (int n = 0; n < calls.size(); n++) {
                toolCalls.add(toolCall(calls.get(n), n));
            }
            message.add("tool_calls", toolCalls);
        }
        Optional<String> reason = WireJson.stringField(candidate, "finishReason");
        return WireJson.object()
                .add("index", index(candidate, position))
                .add("message", message)
                .add("finish_reason", WireJson.stringOrNull(reason.map(r -> finishReason(r, !calls.isEmpty()))))
                .add("native_finish_reason", WireJson.stringOrNull(reason))
                .build();
    }

    @Override
    public StreamTranslator streamTranslator() {
        return new GeminiStreamTranslator();
    }

    /** An {@code error} object in a body that came with 200 (as stream events do) is a failure all the same. */
    static void throwIfError(JsonObject response) throws UpstreamFailure {
        Optional<JsonObject> error = WireJson.objectField(response, "error");
        if (error.isPresent()) {
            String message = WireJson.stringField(error.get(), "message").orElse("the provider reported an error");
            int code = (int) WireJson.longField(error.get(), "code");
            throw UpstreamFailure.fromStatus(code >= 400 ? code : 502, message, Optional.empty());
        }
    }

    static Optional<String> blockReason(JsonObject response) {
        return WireJson.objectField(response, "promptFeedback")
                .flatMap(feedback -> WireJson.stringField(feedback, "blockReason"));
    }

    /** The candidate's {@code index}, which Gemini leaves out when it is zero, else its place in the array. */
    static int index(JsonObject candidate, int position) {
        return WireJson.numberField(candidate, "index")
                .map(number -> number.intValue())
                .orElse(position);
    }

    /** The answer's parts; thought summaries are left out (the gateway never asks for them). */
    static List<JsonObject> parts(JsonObject candidate) {
        List<JsonObject> parts = new ArrayList<>();
        JsonArray all = WireJson.objectField(candidate, "content")
                .flatMap(content -> WireJson.arrayField(content, "parts"))
                .orElse(JsonValue.EMPTY_JSON_ARRAY);
        for (JsonValue value : all) {
            if (value instanceof JsonObject part && !JsonValue.TRUE.equals(part.get("thought"))) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** The text parts joined, or empty when there are none. */
    static Optional<String> text(List<JsonObject> parts) {
        StringBuilder text = null;
        for (JsonObject part : parts) {
            Optional<String> piece = WireJson.stringField(part, "text");
            if (piece.isPresent()) {
                text = text == null ? new StringBuilder(piece.get()) : text.append(piece.get());
            }
        }
        return Optional.ofNullable(text).map(StringBuilder::toString);
    }

    static List<JsonObject> functionCalls(List<JsonObject> parts) {
        return parts.stream().filter(part -> part.containsKey("functionCall")).toList();
    }

    /**
     * An OpenAI tool call for the {@code n}th function-call part. A Gemini 3 model refuses a later request that
     * replays its function call without the part's {@code thoughtSignature}, so the signature rides along where
     * Google's own OpenAI-compatible endpoint puts it, {@code extra_content.google.thought_signature}.
     */
    static JsonObjectBuilder toolCall(JsonObject part, int n) {
        JsonObject functionCall = part.getJsonObject("functionCall");
        JsonObject args = WireJson.objectField(functionCall, "args").orElse(JsonValue.EMPTY_JSON_OBJECT);
        JsonObjectBuilder call = WireJson.object()
                .add("id", WireJson.stringField(functionCall, "id").orElse("call_" + n))
                .add("type", "function")
                .add(
                        "function",
                        WireJson.object()
                                .add(
                                        "name",
                                        WireJson.stringField(functionCall, "name")
                                                .orElse(""))
                                .add("arguments", WireJson.write(args)));
        WireJson.stringField(part, "thoughtSignature")
                .ifPresent(signature -> call.add(
                        "extra_content",
                        WireJson.object().add("google", WireJson.object().add("thought_signature", signature))));
        return call;
    }

    /** Gemini says {@code STOP} after function calls too; OpenAI's callers look for {@code tool_calls}. */
    static String finishReason(String nativeReason, boolean madeToolCalls) {
        return madeToolCalls && nativeReason.equals("STOP") ? "tool_calls" : FinishReasons.normalize(nativeReason);
    }

    /** Gemini counts thinking apart from the answer; both are billed as completion. */
    static TokenUsage usage(JsonObject usageMetadata) {
        long thoughts = Math.max(0, WireJson.longField(usageMetadata, "thoughtsTokenCount"));
        return new TokenUsage(
                Math.max(0, WireJson.longField(usageMetadata, "promptTokenCount")),
                TokenUsage.sum(Math.max(0, WireJson.longField(usageMetadata, "candidatesTokenCount")), thoughts),
                thoughts,
                Math.max(0, WireJson.longField(usageMetadata, "cachedContentTokenCount")));
    }
}
