package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** A call asking for more completion tokens than an endpoint can produce cannot use it. */
public final class MaxTokensFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        if (needs.maxTokens().isPresent()
                && endpoint.maxCompletionTokens()
                        .filter(most -> needs.maxTokens().get() > most)
                        .isPresent()) {
            return Optional.of(new Exclusion(
                    "max_tokens",
                    "produces at most " + endpoint.maxCompletionTokens().get() + " completion tokens"));
        }
        return Optional.empty();
    }
}
