package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.Optional;

/** {@code provider.quantizations}: only endpoints whose quantization is listed; an undeclared one is {@code unknown}. */
public final class QuantizationFilter implements CandidateFilter {

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        if (!preferences.quantizations().isEmpty()
                && !preferences.quantizations().contains(endpoint.quantization().orElse("unknown"))) {
            return Optional.of(new Exclusion(
                    "provider.quantizations",
                    "quantization " + endpoint.quantization().orElse("unknown") + " not allowed"));
        }
        return Optional.empty();
    }
}
