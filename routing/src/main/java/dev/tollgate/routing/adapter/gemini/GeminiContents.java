package dev.tollgate.routing.adapter.gemini;

import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The messages of an OpenAI chat request as Gemini sees a conversation: system messages become the system
 * instruction's parts; the others alternate between {@code user} and {@code model} contents (consecutive messages of
 * one side merged, as Gemini wants), and tool results answer the functions their calls named. A conversation Gemini
 * cannot express is refused with an {@link IllegalArgumentException} rather than sent with parts of it missing.
 *
 * @param contents the {@code contents} array, never empty
 * @param systemParts the system instruction's parts, maybe none
 */
record GeminiContents(JsonArray contents, List<JsonObject> systemParts) {

    private static final Map<String, String> IMAGE_TYPES = Map.of(
            "png", "image/png",
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "webp", "image/webp",
            "gif", "image/gif",
            "heic", "image/heic",
            "heif", "image/heif");

    GeminiContents {
        systemParts = List.copyOf(systemParts);
    }

    static GeminiContents from(JsonArray messages) {
        List<JsonObject> system = new ArrayList<>();
        List<Content> contents = new ArrayList<>();
        // Gemini names the function a result answers; OpenAI only points at the call's id.
        Map<String, String> toolNames = new HashMap<>();
        for (JsonValue value : messages) {
            if (!(value instanceof JsonObject message)) {
                throw new IllegalArgumentException("each message must be a JSON object");
            }
            String role = WireJson.stringField(message, "role").orElse("");
            switch (role) {
                case "system", "developer" -> system.addAll(contentParts(message.get("content")));
                case "user" -> append(contents, "user", contentParts(message.get("content")));
                case "assistant" -> append(contents, "model", assistantParts(message, toolNames));
                case "tool" -> append(contents, "user", List.of(functionResponse(message, toolNames)));
                default -> throw new IllegalArgumentException("Gemini has no messages with role \"" + role + "\"");
            }
        }
        if (contents.isEmpty()) {
            throw new IllegalArgumentException("Gemini needs at least one user or assistant message");
        }
        JsonArrayBuilder contentArray = WireJson.array();
        contents.forEach(content -> contentArray.add(content.toJson()));
        return new GeminiContents(contentArray.build(), system);
    }

    private static void append(List<Content> contents, String role, List<JsonObject> parts) {
        if (parts.isEmpty()) {
            return;
        }
        Content last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && last.role.equals(role)) {
            last.parts.addAll(parts);
        } else {
            contents.add(new Content(role, new ArrayList<>(parts)));
        }
    }

    private static List<JsonObject> contentParts(JsonValue content) {
        if (content == null || content.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (content instanceof JsonString text) {
            return text.getString().isEmpty() ? List.of() : List.of(textPart(text.getString()));
        }
        if (!(content instanceof JsonArray array)) {
            throw new IllegalArgumentException("a message's content must be a string or an array of parts");
        }
        List<JsonObject> parts = new ArrayList<>();
        for (JsonValue value : array) {
            if (!(value instanceof JsonObject part)) {
                throw new IllegalArgumentException("each content part must be a JSON object");
            }
            String type = WireJson.stringField(part, "type").orElse("");
            switch (type) {
                case "text" ->
                    WireJson.stringField(part, "text")
                            .filter(text -> !text.isEmpty())
                            .ifPresent(text -> parts.add(textPart(text)));
                case "image_url" -> parts.add(imagePart(part));
                default ->
                    throw new IllegalArgumentException(
                            "Gemini takes text and image_url content parts, not \"" + type + "\"");
            }
        }
        return parts;
    }

    private static JsonObject textPart(String text) {
        return WireJson.object().add("text", text).build();
    }

    private static JsonObject imagePart(JsonObject part) {
        JsonValue image = part.get("image_url");
        String url = image instanceof JsonObject object
                ? WireJson.stringField(object, "url").orElse("")
                : image instanceof JsonString text ? text.getString() : "";
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring("data:".length(), comma);
            if (!header.endsWith(";base64")) {
                throw new IllegalArgumentException("Gemini takes data: image URIs only when base64-encoded");
            }
            int semicolon = header.indexOf(';');
            return WireJson.object()
                    .add(
                            "inlineData",
                            WireJson.object()
                                    .add("mimeType", header.substring(0, semicolon))
                                    .add("data", url.substring(comma + 1)))
                    .build();
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return WireJson.object()
                    .add(
                            "fileData",
                            WireJson.object().add("mimeType", imageType(lower)).add("fileUri", url))
                    .build();
        }
        throw new IllegalArgumentException("an image_url must be a data: URI or an http(s) URL");
    }

    /** The image's type from its file extension; JPEG, the commonest on the web, when the URL does not say. */
    private static String imageType(String lowerCaseUrl) {
        String path = lowerCaseUrl.split("[?#]", 2)[0];
        String name = path.substring(path.lastIndexOf('/') + 1);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return IMAGE_TYPES.getOrDefault(extension, "image/jpeg");
    }

    private static List<JsonObject> assistantParts(JsonObject message, Map<String, String> toolNames) {
        List<JsonObject> parts = new ArrayList<>(contentParts(message.get("content")));
        for (JsonValue value : WireJson.arrayField(message, "tool_calls").orElse(JsonValue.EMPTY_JSON_ARRAY)) {
            if (!(value instanceof JsonObject call)) {
                throw new IllegalArgumentException("each tool call must be a JSON object");
            }
            JsonObject function = WireJson.objectField(call, "function").orElse(JsonValue.EMPTY_JSON_OBJECT);
            String name = WireJson.stringField(function, "name")
                    .orElseThrow(() -> new IllegalArgumentException("a tool call has no function name"));
            WireJson.stringField(call, "id").ifPresent(id -> toolNames.put(id, name));
            JsonObjectBuilder part = WireJson.object()
                    .add("functionCall", WireJson.object().add("name", name).add("args", arguments(name, function)));
            // Gemini 3 refuses a replayed function call without the signature it gave it; see GeminiProtocol.
            WireJson.objectField(call, "extra_content")
                    .flatMap(extra -> WireJson.objectField(extra, "google"))
                    .flatMap(google -> WireJson.stringField(google, "thought_signature"))
                    .ifPresent(signature -> part.add("thoughtSignature", signature));
            parts.add(part.build());
        }
        return parts;
    }

    private static JsonObject arguments(String name, JsonObject function) {
        JsonValue arguments = function.get("arguments");
        if (arguments instanceof JsonObject object) {
            return object;
        }
        String text = arguments instanceof JsonString string ? string.getString() : "";
        if (text.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try {
            return WireJson.parseObject(text);
        } catch (JsonException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "the arguments of the tool call to \"" + name + "\" are not a JSON object: " + text);
        }
    }

    private static JsonObject functionResponse(JsonObject message, Map<String, String> toolNames) {
        String callId = WireJson.stringField(message, "tool_call_id").orElse("");
        String name = Optional.ofNullable(toolNames.get(callId))
                .or(() -> WireJson.stringField(message, "name"))
                .orElseThrow(() -> new IllegalArgumentException("the tool message answers tool call \"" + callId
                        + "\", which no earlier assistant message made"));
        StringBuilder text = new StringBuilder();
        for (JsonObject part : contentParts(message.get("content"))) {
            text.append(WireJson.stringField(part, "text")
                    .orElseThrow(() -> new IllegalArgumentException("a tool result can hold only text")));
        }
        return WireJson.object()
                .add(
                        "functionResponse",
                        WireJson.object()
                                .add("name", name)
                                .add("response", WireJson.object().add("content", resultValue(text.toString()))))
                .build();
    }

    /** A result that is a JSON object goes as that object (the model reads its fields); anything else as text. */
    private static JsonValue resultValue(String text) {
        if (text.strip().startsWith("{")) {
            try {
                return WireJson.parseObject(text);
            } catch (JsonException notAnObject) {
                // Text that merely starts with a brace is still text.
            }
        }
        return WireJson.string(text);
    }

    /** One side's turn, still open to the parts of the next message from the same side. */
    private record Content(String role, List<JsonObject> parts) {

        JsonObject toJson() {
            JsonArrayBuilder array = WireJson.array();
            parts.forEach(array::add);
            return WireJson.object().add("role", role).add("parts", array).build();
        }
    }
}
