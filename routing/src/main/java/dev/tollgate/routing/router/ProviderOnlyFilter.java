package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** {@code provider.only}: only the named providers (a bare slug names all its variants). */
public final class ProviderOnlyFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        if (!preferences.only().isEmpty()
                && preferences.only().stream()
                        .noneMatch(entry -> ProviderPreferences.names(
                                entry, endpoint.provider().slug()))) {
            return Optional.of(new Exclusion("provider.only", "not among the allowed providers"));
        }
        return Optional.empty();
    }
}
