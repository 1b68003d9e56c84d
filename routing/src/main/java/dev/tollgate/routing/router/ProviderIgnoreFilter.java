package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** {@code provider.ignore}: never the named providers (a bare slug names all its variants). */
public final class ProviderIgnoreFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        if (preferences.ignore().stream()
                .anyMatch(entry ->
                        ProviderPreferences.names(entry, endpoint.provider().slug()))) {
            return Optional.of(new Exclusion("provider.ignore", "the provider is ignored"));
        }
        return Optional.empty();
    }
}
