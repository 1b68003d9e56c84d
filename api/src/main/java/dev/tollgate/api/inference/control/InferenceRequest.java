package dev.tollgate.api.inference.control;

import dev.tollgate.routing.adapter.ChatCall;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * A call as read and checked: the models to try in order, the caller's request as sent (for routing preferences),
 * the chat call the providers get, and the shape the caller expects back.
 */
public record InferenceRequest(List<String> models, JsonObject original, ChatCall call, AnswerShape shape) {

    public InferenceRequest {
        models = List.copyOf(models);
    }

    public boolean stream() {
        return call.stream();
    }

    /** The model the caller asked for first. */
    public String requestedModel() {
        return models.get(0);
    }
}
