package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** Calls with {@code response_format} (a JSON schema above all) need endpoints that honour it. */
public final class ResponseFormatFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        if (needs.uses("structured_outputs")
                && !Supports.parameter(endpoint, "structured_outputs")
                && !Supports.parameter(endpoint, "response_format")) {
            return Optional.of(new Exclusion("response_format", "does not support structured outputs"));
        }
        if (needs.uses("response_format") && !Supports.parameter(endpoint, "response_format")) {
            return Optional.of(new Exclusion("response_format", "does not support response_format"));
        }
        return Optional.empty();
    }
}
