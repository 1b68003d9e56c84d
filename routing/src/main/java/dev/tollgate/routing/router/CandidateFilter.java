package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/**
 * One rule that may exclude an endpoint from a call. Pure: the same endpoint, model, needs and preferences always give
 * the same answer. An endpoint that declares no supported parameters is taken to support them all: the operator
 * has not said otherwise.
 */
public interface CandidateFilter {

    Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences);
}
