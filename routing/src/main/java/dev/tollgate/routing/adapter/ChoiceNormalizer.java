package dev.tollgate.routing.adapter;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Puts OpenRouter's {@code finish_reason} / {@code native_finish_reason} pair on the choices of an OpenAI-shaped
 * completion or chunk that carries only the provider's own reason.
 */
public final class ChoiceNormalizer {

    private ChoiceNormalizer() {}

    /** The object with each choice's finish reason normalized; the object itself when no choice has one. */
    public static JsonObject normalize(JsonObject completion) {
        if (!(completion.get("choices") instanceof JsonArray choices) || !hasFinishReason(choices)) {
            return completion;
        }
        JsonArrayBuilder normalized = WireJson.array();
        for (JsonValue value : choices) {
            if (value instanceof JsonObject choice && choice.get("finish_reason") instanceof JsonString reason) {
                JsonObjectBuilder copy = WireJson.object(choice);
                copy.add("finish_reason", FinishReasons.normalize(reason.getString()));
                if (!(choice.get("native_finish_reason") instanceof JsonString)) {
                    copy.add("native_finish_reason", reason.getString());
                }
                normalized.add(copy);
            } else {
                normalized.add(value);
            }
        }
        return WireJson.object(completion).add("choices", normalized).build();
    }

    private static boolean hasFinishReason(JsonArray choices) {
        for (JsonValue value : choices) {
            if (value instanceof JsonObject choice && choice.get("finish_reason") instanceof JsonString) {
                return true;
            }
        }
        return false;
    }
}
