package dev.tollgate.routing.dispatch;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * What a planner needs to know about a call.
 *
 * @param models the requested model ids in order of preference ({@code model}, then {@code models} fallbacks)
 * @param body the caller's whole request, for preferences and the capabilities the call needs
 * @param organizationDeniesDataCollection the organisation's privacy setting: no provider that trains on or retains
 *     prompts, whatever the request says
 */
public record RouteRequest(List<String> models, JsonObject body, boolean organizationDeniesDataCollection) {

    public RouteRequest {
        models = List.copyOf(models);
    }

    /** A request under no organisation privacy setting. */
    public RouteRequest(List<String> models, JsonObject body) {
        this(models, body, false);
    }
}
