package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** {@code provider.data_collection: "deny"}: no provider that trains on or retains prompts. */
public final class DataCollectionFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        if (preferences.denyDataCollection()
                && (endpoint.provider().trainsOnPrompts() || endpoint.provider().retainsPrompts())) {
            return Optional.of(new Exclusion(
                    "provider.data_collection",
                    endpoint.provider().trainsOnPrompts()
                            ? "the provider trains on prompts"
                            : "the provider retains prompts"));
        }
        return Optional.empty();
    }
}
