package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** {@code provider.require_parameters}: every parameter of the call must be supported (otherwise unsupported ones are dropped). */
public final class RequireParametersFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        if (!preferences.requireParameters()) {
            return Optional.empty();
        }
        return needs.parameters().stream()
                .filter(parameter -> !Supports.parameter(endpoint, parameter))
                .findFirst()
                .map(parameter -> new Exclusion("provider.require_parameters", "does not support " + parameter));
    }
}
