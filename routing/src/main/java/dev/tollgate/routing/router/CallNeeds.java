package dev.tollgate.routing.router;

import dev.tollgate.routing.adapter.PromptText;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a call needs of an endpoint, read from the caller's chat request: the parameters it uses, whether it sends
 * images, how many tokens it may produce, and how long its prompt is.
 *
 * @param parameters the request's parameters an endpoint may or may not support ({@code tools},
 *     {@code temperature}, …), by OpenRouter's {@code supported_parameters} names
 * @param prompt the prompt's length, counted when a filter needs it exactly
 */
public record CallNeeds(Set<String> parameters, boolean images, Optional<Long> maxTokens, PromptLength prompt) {

    /** Fields of a chat request that are not parameters an endpoint supports or not. */
    private static final Set<String> NOT_PARAMETERS = Set.of(
            "model",
            "models",
            "messages",
            "prompt",
            "stream",
            "stream_options",
            "provider",
            "route",
            "transforms",
            "plugins",
            "usage",
            "user",
            "session_id",
            "metadata",
            "trace",
            "debug");

    public CallNeeds {
        parameters = Set.copyOf(parameters);
    }

    /** The needs of a request whose prompt is measured lazily, from its text. */
    public static CallNeeds of(JsonObject request) {
        return of(request, PromptLength.of(PromptText.of(request)));
    }

    /** The needs of a request whose prompt is already counted. */
    public static CallNeeds of(JsonObject request, long promptTokens) {
        return of(request, PromptLength.exactly(promptTokens));
    }

    private static CallNeeds of(JsonObject request, PromptLength prompt) {
        Set<String> parameters = new TreeSet<>();
        for (var field : request.entrySet()) {
            if (!NOT_PARAMETERS.contains(field.getKey()) && field.getValue() != JsonValue.NULL) {
                parameters.add(field.getKey());
            }
        }
        if (request.get("response_format") instanceof JsonObject format
                && WireJson.stringField(format, "type")
                        .filter("json_schema"::equals)
                        .isPresent()) {
            parameters.add("structured_outputs");
        }
        Optional<Long> maxTokens = WireJson.numberField(request, "max_completion_tokens")
                .or(() -> WireJson.numberField(request, "max_tokens"))
                .map(JsonNumber::longValue);
        return new CallNeeds(parameters, hasImages(request), maxTokens, prompt);
    }

    public boolean uses(String parameter) {
        return parameters.contains(parameter);
    }

    private static boolean hasImages(JsonObject request) {
        if (!(request.get("messages") instanceof JsonArray messages)) {
            return false;
        }
        for (JsonValue message : messages) {
            if (message instanceof JsonObject object && object.get("content") instanceof JsonArray parts) {
                for (JsonValue part : parts) {
                    if (part instanceof JsonObject partObject
                            && partObject.get("type") instanceof JsonString type
                            && type.getString().equals("image_url")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
