package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** Calls that send images need a model that takes image input. */
public final class ImageInputFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        if (needs.images() && !model.inputModalities().contains("image")) {
            return Optional.of(new Exclusion("images", "the model does not accept image input"));
        }
        return Optional.empty();
    }
}
