package dev.tollgate.routing.adapter.anthropic;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An OpenAI chat request rebuilt as an Anthropic Messages request. More than renaming: system messages become the
 * top-level {@code system}; turns must alternate, so consecutive messages of one role are merged and tool results
 * travel as {@code tool_result} blocks in a user turn; tool arguments are JSON objects, not strings; and
 * {@code max_tokens} is required. OpenAI-only parameters ({@code n}, penalties, {@code seed}, {@code logprobs}, …)
 * are dropped. A request that cannot be expressed fails with {@link IllegalArgumentException}, which the adapter
 * reports as a bad request. Longer than most classes because it is one translation, read top to bottom; the tools
 * live in {@link AnthropicTools}.
 */
final class AnthropicRequestMapper {

    /** Anthropic requires {@code max_tokens}; every Claude model can write at least this many. */
    static final long DEFAULT_MAX_TOKENS = 4096;

    private AnthropicRequestMapper() {}

    static JsonObject body(String upstreamModel, ChatCall call) {
        JsonObject request = call.body();
        List<JsonObject> system = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        sortMessages(request, system, turns);
        responseFormatInstruction(request).ifPresent(instruction -> system.add(text(instruction)));

        JsonObjectBuilder body = WireJson.object()
                .add("model", upstreamModel)
                .add("max_tokens", maxTokens(request))
                .add("messages", messages(turns));
        if (!system.isEmpty()) {
            body.add("system", system(system));
        }
        for (String name : List.of("temperature", "top_p", "top_k")) {
            WireJson.numberField(request, name).ifPresent(number -> body.add(name, number));
        }
        stopSequences(request).ifPresent(stops -> body.add("stop_sequences", stops));
        JsonArray tools = AnthropicTools.tools(request);
        if (!tools.isEmpty()) {
            body.add("tools", tools);
            AnthropicTools.toolChoice(request).ifPresent(choice -> body.add("tool_choice", choice));
        }
        WireJson.stringField(request, "user")
                .ifPresent(user -> body.add("metadata", WireJson.object().add("user_id", user)));
        if (call.stream()) {
            body.add("stream", true);
        }
        return body.build();
    }

    /** System and developer messages go to the system prompt, wherever they stand; the rest become turns. */
    private static void sortMessages(JsonObject request, List<JsonObject> system, List<Turn> turns) {
        for (JsonValue value : WireJson.arrayField(request, "messages").orElse(JsonValue.EMPTY_JSON_ARRAY)) {
            if (!(value instanceof JsonObject message)) {
                throw new IllegalArgumentException("each message must be a JSON object");
            }
            String role = WireJson.stringField(message, "role").orElse("");
            switch (role) {
                case "system", "developer" -> system.addAll(textBlocks(message.get("content"), role));
                case "user" -> append(turns, "user", userBlocks(message.get("content")));
                case "assistant" -> append(turns, "assistant", assistantBlocks(message));
                case "tool" -> append(turns, "user", List.of(toolResult(message)));
                default ->
                    throw new IllegalArgumentException(
                            "messages with role '" + role + "' cannot be sent to an Anthropic model");
            }
        }
    }

    /** One turn being assembled; a message of the same role as the last turn joins it. */
    private record Turn(String role, List<JsonObject> content) {}

    private static void append(List<Turn> turns, String role, List<JsonObject> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        if (!turns.isEmpty() && turns.get(turns.size() - 1).role().equals(role)) {
            turns.get(turns.size() - 1).content().addAll(blocks);
        } else {
            turns.add(new Turn(role, new ArrayList<>(blocks)));
        }
    }

    private static JsonArrayBuilder messages(List<Turn> turns) {
        JsonArrayBuilder messages = WireJson.array();
        for (Turn turn : turns) {
            JsonArrayBuilder content = WireJson.array();
            turn.content().forEach(content::add);
            messages.add(WireJson.object().add("role", turn.role()).add("content", content));
        }
        return messages;
    }

    /**
     * The joined system text, or its blocks when one carries {@code cache_control}: a cache breakpoint on the system
     * prompt is the commonest use of prompt caching, and joining would lose it.
     */
    private static JsonValue system(List<JsonObject> blocks) {
        if (blocks.stream().anyMatch(block -> block.containsKey("cache_control"))) {
            JsonArrayBuilder array = WireJson.array();
            blocks.forEach(array::add);
            return array.build();
        }
        return WireJson.string(
                blocks.stream().map(block -> block.getString("text")).collect(Collectors.joining("\n\n")));
    }

    private static List<JsonObject> userBlocks(JsonValue content) {
        if (!(content instanceof JsonArray parts)) {
            return textBlocks(content, "user");
        }
        List<JsonObject> blocks = new ArrayList<>();
        for (JsonObject part : objects(parts)) {
            String type = WireJson.stringField(part, "type").orElse("");
            switch (type) {
                case "text" -> textPart(part).ifPresent(blocks::add);
                case "image_url" -> blocks.add(image(part));
                default ->
                    throw new IllegalArgumentException(
                            "content parts of type '" + type + "' cannot be sent to an Anthropic model");
            }
        }
        return blocks;
    }

    private static List<JsonObject> assistantBlocks(JsonObject message) {
        List<JsonObject> blocks = new ArrayList<>(textBlocks(message.get("content"), "assistant"));
        for (JsonValue call : WireJson.arrayField(message, "tool_calls").orElse(JsonValue.EMPTY_JSON_ARRAY)) {
            if (!(call instanceof JsonObject toolCall)) {
                throw new IllegalArgumentException("each tool call must be a JSON object");
            }
            blocks.add(AnthropicTools.toolUse(toolCall));
        }
        return blocks;
    }

    private static JsonObject toolResult(JsonObject message) {
        String toolUseId = WireJson.stringField(message, "tool_call_id")
                .orElseThrow(() -> new IllegalArgumentException("a tool message needs its tool_call_id"));
        String text = textBlocks(message.get("content"), "tool").stream()
                .map(block -> block.getString("text"))
                .collect(Collectors.joining());
        return WireJson.object()
                .add("type", "tool_result")
                .add("tool_use_id", toolUseId)
                .add("content", text)
                .build();
    }

    /**
     * Text blocks from string content or text parts; empty texts are left out (Anthropic refuses empty text blocks,
     * and an assistant turn with only tool calls often carries {@code ""}).
     */
    private static List<JsonObject> textBlocks(JsonValue content, String role) {
        if (content == null || content.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (content instanceof JsonString string) {
            return string.getString().isEmpty() ? List.of() : List.of(text(string.getString()));
        }
        if (!(content instanceof JsonArray parts)) {
            throw new IllegalArgumentException("message content must be a string or an array of parts");
        }
        List<JsonObject> blocks = new ArrayList<>();
        for (JsonObject part : objects(parts)) {
            String type = WireJson.stringField(part, "type").orElse("");
            if (!type.equals("text")) {
                throw new IllegalArgumentException(
                        role + " messages can only hold text parts for an Anthropic model, not '" + type + "'");
            }
            textPart(part).ifPresent(blocks::add);
        }
        return blocks;
    }

    private static Optional<JsonObject> textPart(JsonObject part) {
        String text = WireJson.stringField(part, "text").orElse("");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                withCacheControl(part, WireJson.object().add("type", "text").add("text", text)));
    }

    private static JsonObject text(String text) {
        return WireJson.object().add("type", "text").add("text", text).build();
    }

    /** An image block: data URIs travel inline as base64, http(s) URLs by reference. */
    private static JsonObject image(JsonObject part) {
        String url = part.get("image_url") instanceof JsonObject image
                ? WireJson.stringField(image, "url").orElse("")
                : WireJson.stringField(part, "image_url").orElse("");
        JsonObjectBuilder source;
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring("data:".length(), comma);
            if (!header.endsWith(";base64") || header.length() == ";base64".length()) {
                throw new IllegalArgumentException(
                        "an image data URI must be data:<media type>;base64,<data> for an Anthropic model");
            }
            source = WireJson.object()
                    .add("type", "base64")
                    .add("media_type", header.substring(0, header.length() - ";base64".length()))
                    .add("data", url.substring(comma + 1));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source = WireJson.object().add("type", "url").add("url", url);
        } else {
            throw new IllegalArgumentException("an image_url must be an http(s) URL or a base64 data URI");
        }
        return withCacheControl(part, WireJson.object().add("type", "image").add("source", source));
    }

    /** Keeps a caller's prompt-caching breakpoint (OpenRouter's way of asking Anthropic to cache). */
    private static JsonObject withCacheControl(JsonObject part, JsonObjectBuilder block) {
        WireJson.objectField(part, "cache_control").ifPresent(cache -> block.add("cache_control", cache));
        return block.build();
    }

    private static long maxTokens(JsonObject request) {
        return WireJson.numberField(request, "max_tokens")
                .or(() -> WireJson.numberField(request, "max_completion_tokens"))
                .map(JsonNumber::longValue)
                .orElse(DEFAULT_MAX_TOKENS);
    }

    private static Optional<JsonArray> stopSequences(JsonObject request) {
        JsonValue stop = request.get("stop");
        if (stop instanceof JsonString single) {
            return Optional.of(WireJson.array().add(single).build());
        }
        if (stop instanceof JsonArray many && !many.isEmpty()) {
            return Optional.of(many);
        }
        return Optional.empty();
    }

    /**
     * Anthropic's Messages API (2023-06-01) has no {@code response_format}. Forcing a tool whose input schema is the
     * requested schema would work, but the answer would then come back as a tool call rather than as the message
     * text the caller expects; so the model is asked, in the system prompt, to answer with matching JSON instead.
     * That is an instruction, not a guarantee: the caller may still get text that does not validate.
     */
    private static Optional<String> responseFormatInstruction(JsonObject request) {
        Optional<JsonObject> format = WireJson.objectField(request, "response_format");
        String type = format.flatMap(f -> WireJson.stringField(f, "type")).orElse("text");
        if (type.equals("json_schema")) {
            return Optional.of(format.flatMap(f -> WireJson.objectField(f, "json_schema"))
                    .flatMap(schema -> WireJson.objectField(schema, "schema"))
                    .map(schema -> "Respond only with JSON that matches this JSON schema, with no other text: "
                            + WireJson.write(schema))
                    .orElse("Respond only with valid JSON, with no other text."));
        }
        if (type.equals("json_object")) {
            return Optional.of("Respond only with a valid JSON object, with no other text.");
        }
        return Optional.empty();
    }

    private static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> objects = new ArrayList<>();
        for (JsonValue value : array) {
            if (!(value instanceof JsonObject object)) {
                throw new IllegalArgumentException("each content part must be a JSON object");
            }
            objects.add(object);
        }
        return objects;
    }
}
