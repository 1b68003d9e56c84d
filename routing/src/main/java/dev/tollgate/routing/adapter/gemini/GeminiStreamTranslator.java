package dev.tollgate.routing.adapter.gemini;

import dev.tollgate.routing.adapter.SseEvent;
import dev.tollgate.routing.adapter.StreamTranslator;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each {@code alt=sse} event is a whole {@code GenerateContentResponse} holding the next piece of each candidate:
 * text arrives in fragments, function calls whole. A choice opens with an empty assistant delta, and its tool calls
 * are indexed 0, 1, … in the order they arrive. Gemini sends no closing event, only ever newer usage totals, so the
 * usage chunk goes out when the stream closes; closing before any finish reason means the answer was cut.
 */
final class GeminiStreamTranslator implements StreamTranslator {

    /** Per choice index: how many tool calls it has made so far. */
    private final Map<Integer, Integer> toolCallsByChoice = new HashMap<>();

    private TokenUsage usage = TokenUsage.NONE;
    private boolean finishSeen;

    @Override
    public List<JsonObject> onEvent(SseEvent event) throws UpstreamFailure {
        String data = event.data().strip();
        if (data.isEmpty()) {
            return List.of();
        }
        JsonObject response = WireJson.parseObject(data);
        GeminiProtocol.throwIfError(response);
        WireJson.objectField(response, "usageMetadata").ifPresent(metadata -> usage = GeminiProtocol.usage(metadata));
        JsonArray candidates = WireJson.arrayField(response, "candidates").orElse(JsonValue.EMPTY_JSON_ARRAY);
        List<JsonObject> chunks = new ArrayList<>();
        Optional<String> blockReason = GeminiProtocol.blockReason(response);
        if (candidates.isEmpty() && blockReason.isPresent()) {
            open(0, chunks);
            chunks.add(finish(0, "content_filter", blockReason.get()));
            finishSeen = true;
        }
        for (int position = 0; position < candidates.size(); position++) {
            JsonObject candidate = candidates.getJsonObject(position);
            translate(candidate, GeminiProtocol.index(candidate, position), chunks);
        }
        return chunks;
    }

    private void translate(JsonObject candidate, int index, List<JsonObject> chunks) {
        open(index, chunks);
        List<JsonObject> parts = GeminiProtocol.parts(candidate);
        GeminiProtocol.text(parts)
                .filter(text -> !text.isEmpty())
                .ifPresent(text -> chunks.add(chunk(index, WireJson.object().add("content", text))));
        List<JsonObject> calls = GeminiProtocol.functionCalls(parts);
        if (!calls.isEmpty()) {
            JsonArrayBuilder toolCalls = WireJson.array();
            for (JsonObject call : calls) {
                int n = toolCallsByChoice.merge(index, 1, Integer::sum) - 1;
                toolCalls.add(GeminiProtocol.toolCall(call, n).add("index", n));
            }
            chunks.add(chunk(index, WireJson.object().add("tool_calls", toolCalls)));
        }
        Optional<String> reason = WireJson.stringField(candidate, "finishReason");
        if (reason.isPresent()) {
            boolean madeToolCalls = toolCallsByChoice.getOrDefault(index, 0) > 0;
            chunks.add(finish(index, GeminiProtocol.finishReason(reason.get(), madeToolCalls), reason.get()));
            finishSeen = true;
        }
    }

    /** The opening delta, once per choice. */
    private void open(int index, List<JsonObject> chunks) {
        if (toolCallsByChoice.putIfAbsent(index, 0) == null) {
            chunks.add(chunk(index, WireJson.object().add("role", "assistant").add("content", "")));
        }
    }

    private static JsonObject chunk(int index, JsonObjectBuilder delta) {
        return WireJson.object()
                .add(
                        "choices",
                        WireJson.array()
                                .add(WireJson.object().add("index", index).add("delta", delta)))
                .build();
    }

    private static JsonObject finish(int index, String finishReason, String nativeReason) {
        return WireJson.object()
                .add(
                        "choices",
                        WireJson.array()
                                .add(WireJson.object()
                                        .add("index", index)
                                        .add("delta", WireJson.object())
                                        .add("finish_reason", finishReason)
                                        .add("native_finish_reason", nativeReason)))
                .build();
    }

    @Override
    public boolean finished() {
        // No event says the stream is complete: the last one carries a finish reason, but only the close is final.
        return false;
    }

    @Override
    public List<JsonObject> onEnd() throws UpstreamFailure {
        if (!finishSeen) {
            throw new UpstreamFailure(
                    UpstreamFailure.Kind.CONNECTION, 0, "the provider's stream ended before a finish reason");
        }
        return List.of(WireJson.object()
                .add("choices", WireJson.array())
                .add("usage", usage.toOpenAi())
                .build());
    }
}
