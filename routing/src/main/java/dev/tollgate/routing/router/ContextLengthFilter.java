package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** The prompt (and the completion asked for) must fit the endpoint's context window. */
public final class ContextLengthFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        long completion = needs.maxTokens().orElse(0L);
        if (needs.prompt().upperBound() + completion <= endpoint.contextLength()) {
            return Optional.empty();
        }
        long needed = needs.prompt().tokens() + completion;
        if (needed > endpoint.contextLength()) {
            return Optional.of(new Exclusion(
                    "context_length",
                    "its context is " + endpoint.contextLength() + " tokens; the call needs " + needed));
        }
        return Optional.empty();
    }
}
