package dev.tollgate.routing.adapter.anthropic;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST {base}/messages} with {@code x-api-key} when the provider has a key and {@code anthropic-version:
 * 2023-06-01}. The request is rebuilt by {@link AnthropicRequestMapper}; a message comes back as one choice whose text
 * blocks are joined and whose {@code tool_use} blocks become tool calls.
 */
public final class AnthropicProtocol implements HttpProtocol {

    static final String VERSION = "2023-06-01";

    @Override
    public UpstreamRequest request(RoutableEndpoint endpoint, ChatCall call) {
        return HttpProtocol.jsonPost(
                HttpProtocol.resolve(endpoint.provider().baseUrl(), "/messages"),
                AnthropicRequestMapper.body(endpoint.upstreamModel(), call),
                headers(endpoint, call));
    }

    private static Map<String, String> headers(RoutableEndpoint endpoint, ChatCall call) {
        Map<String, String> headers = new LinkedHashMap<>();
        endpoint.provider().apiKey().ifPresent(key -> headers.put("x-api-key", key));
        headers.put("anthropic-version", VERSION);
        headers.put("Accept", call.stream() ? "text/event-stream" : "application/json");
        return headers;
    }

    @Override
    public ChatCompletion completion(JsonObject answer) throws UpstreamFailure {
        if (WireJson.stringField(answer, "type").orElse("").equals("error")) {
            throw failure(answer);
        }
        JsonArray content = WireJson.arrayField(answer, "content")
                .orElseThrow(() -> new UpstreamFailure(
                        UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's message has no content"));
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        JsonArrayBuilder toolCalls = WireJson.array();
        boolean hasToolCalls = false;
        for (JsonObject block : content.getValuesAs(JsonObject.class)) {
            String type = WireJson.stringField(block, "type").orElse("");
            if (type.equals("text")) {
                text.append(WireJson.stringField(block, "text").orElse(""));
                hasText = true;
            } else if (type.equals("tool_use")) {
                toolCalls.add(toolCall(block));
                hasToolCalls = true;
            }
            // Thinking and server-tool blocks have no place in a chat completion's message.
        }
        JsonObjectBuilder message = WireJson.object().add("role", "assistant");
        message.add("content", hasText ? WireJson.string(text.toString()) : JsonValue.NULL);
        if (hasToolCalls) {
            message.add("tool_calls", toolCalls);
        }
        Optional<String> stopReason = WireJson.stringField(answer, "stop_reason");
        JsonObject body = WireJson.object()
                .add("object", "chat.completion")
                .add(
                        "choices",
                        WireJson.array()
                                .add(WireJson.object()
                                        .add("index", 0)
                                        .add("message", message)
                                        .add(
                                                "finish_reason",
                                                WireJson.stringOrNull(stopReason.map(FinishReasons::normalize)))
                                        .add("native_finish_reason", WireJson.stringOrNull(stopReason))))
                .build();
        return new ChatCompletion(
                body, usage(WireJson.objectField(answer, "usage").orElse(JsonValue.EMPTY_JSON_OBJECT)));
    }

    private static JsonObject toolCall(JsonObject toolUse) {
        return WireJson.object()
                .add("id", WireJson.stringField(toolUse, "id").orElse(""))
                .add("type", "function")
                .add(
                        "function",
                        WireJson.object()
                                .add(
                                        "name",
                                        WireJson.stringField(toolUse, "name").orElse(""))
                                .add(
                                        "arguments",
                                        WireJson.write(WireJson.objectField(toolUse, "input")
                                                .orElse(JsonValue.EMPTY_JSON_OBJECT))))
                .build();
    }

    /**
     * Anthropic counts cache reads and cache writes apart from {@code input_tokens}; the prompt is all three, and the
     * reads are its cached part.
     */
    static TokenUsage usage(JsonObject usage) {
        long input = Math.max(0, WireJson.longField(usage, "input_tokens"));
        long cacheReads = Math.max(0, WireJson.longField(usage, "cache_read_input_tokens"));
        long cacheWrites = Math.max(0, WireJson.longField(usage, "cache_creation_input_tokens"));
        long output = Math.max(0, WireJson.longField(usage, "output_tokens"));
        return new TokenUsage(TokenUsage.sum(input, cacheReads, cacheWrites), output, 0, cacheReads);
    }

    /**
     * An error the provider reported inside a 200 (an {@code error} event, or an error body): an overload is
     * classified as Anthropic's 529, a rate limit as 429, anything else as a bad gateway.
     */
    static UpstreamFailure failure(JsonObject errorBody) {
        JsonObject error = WireJson.objectField(errorBody, "error").orElse(JsonValue.EMPTY_JSON_OBJECT);
        String type = WireJson.stringField(error, "type").orElse("");
        String message = WireJson.stringField(error, "message").orElse("the provider reported an error: " + type);
        int status = switch (type) {
            case "overloaded_error" -> 529;
            case "rate_limit_error" -> 429;
            default -> 502;
        };
        return UpstreamFailure.fromStatus(status, message, Optional.empty());
    }

    @Override
    public StreamTranslator streamTranslator() {
        return new AnthropicStreamTranslator();
    }
}
