package dev.tollgate.routing.dispatch;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * What a planner needs to know about a call.
 *
 * @param models the requested model ids in order of preference ({@code model}, then {@code models} fallbacks)
 * @param body the caller's whole request, for preferences and the capabilities the call needs
 */
public record RouteRequest(List<String> models, JsonObject body) {

    public RouteRequest {
        models = List.copyOf(models);
    }
}
