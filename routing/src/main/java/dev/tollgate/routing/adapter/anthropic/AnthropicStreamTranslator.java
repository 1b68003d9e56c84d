package dev.tollgate.routing.adapter.anthropic;

import dev.tollgate.routing.adapter.FinishReasons;
import dev.tollgate.routing.adapter.SseEvent;
import dev.tollgate.routing.adapter.StreamTranslator;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic's typed events as OpenAI chunks. Content arrives in numbered blocks; OpenAI numbers tool calls among
 * themselves, so each {@code tool_use} block gets the next tool-call index when it starts and keeps it for its
 * argument deltas. Usage comes in two parts ({@code message_start} has the input, {@code message_delta} the output,
 * and newer API versions repeat the input there), merged field by field; it is sent in a last chunk on
 * {@code message_stop}, the only event that proves the stream complete.
 */
final class AnthropicStreamTranslator implements StreamTranslator {

    private final Map<Integer, Integer> toolCallIndexByBlock = new HashMap<>();
    private JsonObject usage = JsonValue.EMPTY_JSON_OBJECT;
    private boolean finished;

    @Override
    public List<JsonObject> onEvent(SseEvent event) throws UpstreamFailure {
        String data = event.data().strip();
        if (data.isEmpty()) {
            return List.of();
        }
        JsonObject payload = WireJson.parseObject(data);
        String type = WireJson.stringField(payload, "type").orElse(event.event());
        return switch (type) {
            case "message_start" -> messageStart(payload);
            case "content_block_start" -> blockStart(payload);
            case "content_block_delta" -> blockDelta(payload);
            case "message_delta" -> messageDelta(payload);
            case "message_stop" -> messageStop();
            case "error" -> throw AnthropicProtocol.failure(payload);
            // ping, content_block_stop, and event types Anthropic may add: nothing to tell the caller.
            default -> List.of();
        };
    }

    private List<JsonObject> messageStart(JsonObject payload) {
        WireJson.objectField(payload, "message")
                .flatMap(message -> WireJson.objectField(message, "usage"))
                .ifPresent(this::mergeUsage);
        return List.of(chunk(WireJson.object().add("role", "assistant").add("content", "")));
    }

    private List<JsonObject> blockStart(JsonObject payload) {
        JsonObject block = WireJson.objectField(payload, "content_block").orElse(JsonValue.EMPTY_JSON_OBJECT);
        String type = WireJson.stringField(block, "type").orElse("");
        if (type.equals("text")) {
            String text = WireJson.stringField(block, "text").orElse("");
            return text.isEmpty() ? List.of() : List.of(chunk(WireJson.object().add("content", text)));
        }
        if (!type.equals("tool_use")) {
            return List.of();
        }
        int toolCallIndex = toolCallIndexByBlock.size();
        toolCallIndexByBlock.put(blockIndex(payload), toolCallIndex);
        JsonObjectBuilder toolCall = WireJson.object()
                .add("index", toolCallIndex)
                .add("id", WireJson.stringField(block, "id").orElse(""))
                .add("type", "function")
                .add(
                        "function",
                        WireJson.object()
                                .add("name", WireJson.stringField(block, "name").orElse(""))
                                .add("arguments", ""));
        return List.of(
                chunk(WireJson.object().add("tool_calls", WireJson.array().add(toolCall))));
    }

    private List<JsonObject> blockDelta(JsonObject payload) throws UpstreamFailure {
        JsonObject delta = WireJson.objectField(payload, "delta").orElse(JsonValue.EMPTY_JSON_OBJECT);
        String type = WireJson.stringField(delta, "type").orElse("");
        if (type.equals("text_delta")) {
            String text = WireJson.stringField(delta, "text").orElse("");
            return text.isEmpty() ? List.of() : List.of(chunk(WireJson.object().add("content", text)));
        }
        if (!type.equals("input_json_delta")) {
            // Thinking, signature and citation deltas have no place in a chat completion chunk.
            return List.of();
        }
        Integer toolCallIndex = toolCallIndexByBlock.get(blockIndex(payload));
        if (toolCallIndex == null) {
            throw new UpstreamFailure(
                    UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider sent tool input for no tool call");
        }
        String partialJson = WireJson.stringField(delta, "partial_json").orElse("");
        if (partialJson.isEmpty()) {
            return List.of();
        }
        JsonObjectBuilder toolCall = WireJson.object()
                .add("index", toolCallIndex)
                .add("function", WireJson.object().add("arguments", partialJson));
        return List.of(
                chunk(WireJson.object().add("tool_calls", WireJson.array().add(toolCall))));
    }

    private List<JsonObject> messageDelta(JsonObject payload) {
        WireJson.objectField(payload, "usage").ifPresent(this::mergeUsage);
        Optional<String> stopReason =
                WireJson.objectField(payload, "delta").flatMap(delta -> WireJson.stringField(delta, "stop_reason"));
        if (stopReason.isEmpty()) {
            return List.of();
        }
        JsonObjectBuilder choice = WireJson.object()
                .add("index", 0)
                .add("delta", WireJson.object())
                .add("finish_reason", FinishReasons.normalize(stopReason.get()))
                .add("native_finish_reason", stopReason.get());
        return List.of(
                WireJson.object().add("choices", WireJson.array().add(choice)).build());
    }

    private List<JsonObject> messageStop() {
        finished = true;
        return List.of(WireJson.object()
                .add("choices", WireJson.array())
                .add("usage", AnthropicProtocol.usage(usage).toOpenAi())
                .build());
    }

    /** Later counts replace earlier ones: Anthropic's usage fields are cumulative. */
    private void mergeUsage(JsonObject update) {
        JsonObjectBuilder merged = WireJson.object(usage);
        update.forEach((name, value) -> {
            if (value instanceof JsonNumber) {
                merged.add(name, value);
            }
        });
        usage = merged.build();
    }

    private static int blockIndex(JsonObject payload) {
        return WireJson.numberField(payload, "index").map(JsonNumber::intValue).orElse(-1);
    }

    private static JsonObject chunk(JsonObjectBuilder delta) {
        JsonObjectBuilder choice = WireJson.object().add("index", 0).add("delta", delta);
        choice.addNull("finish_reason");
        return WireJson.object().add("choices", WireJson.array().add(choice)).build();
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public List<JsonObject> onEnd() throws UpstreamFailure {
        if (!finished) {
            throw new UpstreamFailure(
                    UpstreamFailure.Kind.CONNECTION, 0, "the provider's stream ended before message_stop");
        }
        return List.of();
    }
}
