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
 * @param organizationIgnoredProviders the organisation's default {@code provider.ignore}: added to the request's own
 *     list, so no call of the organisation goes to these providers
 */
public record RouteRequest(
        List<String> models,
        JsonObject body,
        boolean organizationDeniesDataCollection,
        List<String> organizationIgnoredProviders) {

    public RouteRequest {
        models = List.copyOf(models);
        organizationIgnoredProviders = List.copyOf(organizationIgnoredProviders);
    }

    /** A request under the organisation's privacy setting and no default ignored providers. */
    public RouteRequest(List<String> models, JsonObject body, boolean organizationDeniesDataCollection) {
        this(models, body, organizationDeniesDataCollection, List.of());
    }

    /** A request under no organisation setting. */
    public RouteRequest(List<String> models, JsonObject body) {
        this(models, body, false);
    }
}
