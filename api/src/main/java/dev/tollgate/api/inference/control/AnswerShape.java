package dev.tollgate.api.inference.control;

import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * How answers look to the caller: chat completions ({@code message} / {@code delta}), or the legacy completions
 * endpoint's {@code text} choices. Every call runs as a chat call; only the shape differs.
 */
public enum AnswerShape {
    CHAT("chat.completion", "chat.completion.chunk"),
    TEXT("text_completion", "text_completion");

    private final String completionObject;
    private final String chunkObject;

    AnswerShape(String completionObject, String chunkObject) {
        this.completionObject = completionObject;
        this.chunkObject = chunkObject;
    }

    String completionObject() {
        return completionObject;
    }

    String chunkObject() {
        return chunkObject;
    }

    /** The choices of a whole answer in this shape. */
    JsonValue choices(JsonValue chatChoices) {
        return this == CHAT ? chatChoices : textChoices(chatChoices, "message");
    }

    /** The choices of a chunk in this shape. */
    JsonValue chunkChoices(JsonValue chatChoices) {
        return this == CHAT ? chatChoices : textChoices(chatChoices, "delta");
    }

    private static JsonValue textChoices(JsonValue chatChoices, String field) {
        if (!(chatChoices instanceof JsonArray choices)) {
            return WireJson.array().build();
        }
        JsonArrayBuilder text = WireJson.array();
        for (JsonValue value : choices) {
            if (!(value instanceof JsonObject choice)) {
                continue;
            }
            String content = WireJson.objectField(choice, field)
                    .flatMap(message -> WireJson.stringField(message, "content"))
                    .orElse("");
            JsonObjectBuilder converted = WireJson.object()
                    .add("index", choice.getOrDefault("index", WireJson.number(0)))
                    .add("text", content)
                    .add("finish_reason", choice.getOrDefault("finish_reason", JsonValue.NULL));
            if (choice.containsKey("native_finish_reason")) {
                converted.add("native_finish_reason", choice.get("native_finish_reason"));
            }
            text.add(converted);
        }
        return text.build();
    }
}
