package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** Calls with {@code tools} or {@code tool_choice} need endpoints that support them. */
public final class ToolUseFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        if (needs.uses("tools") && !Supports.parameter(endpoint, "tools")) {
            return Optional.of(new Exclusion("tools", "does not support tool use"));
        }
        if (needs.uses("tool_choice") && !Supports.parameter(endpoint, "tool_choice")) {
            return Optional.of(new Exclusion("tool_choice", "does not support the provided tool_choice value"));
        }
        return Optional.empty();
    }
}
