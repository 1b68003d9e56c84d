package dev.tollgate.api.models.control;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A model as the catalog lists it: its enabled endpoints and the cheapest of them, whose list price is the model's
 * published price (the lowest prompt + completion price per token, as {@code /api/v1/models} publishes).
 *
 * @param endpoints never empty: a model nothing serves is not listed
 */
public record ListedModel(CatalogModel model, List<RoutableEndpoint> endpoints, RoutableEndpoint cheapest) {

    public ListedModel {
        endpoints = List.copyOf(endpoints);
    }

    /** The model with its endpoints; empty when no enabled endpoint serves it. */
    public static Optional<ListedModel> of(CatalogModel model, List<RoutableEndpoint> endpoints) {
        return endpoints.stream()
                .min(Comparator.comparing(endpoint ->
                        endpoint.listPrice().prompt().add(endpoint.listPrice().completion())))
                .map(cheapest -> new ListedModel(model, endpoints, cheapest));
    }

    /** What a caller pays per token at the cheapest endpoint, margin included. */
    public TokenPrices listPrice() {
        return cheapest.listPrice();
    }

    /** How many providers serve the model. */
    public long providers() {
        return endpoints.stream()
                .map(endpoint -> endpoint.provider().slug())
                .distinct()
                .count();
    }

    /** Whether some endpoint answers without charging anything, per token or per request. */
    public boolean free() {
        TokenPrices price = listPrice();
        return price.prompt().signum() == 0
                && price.completion().signum() == 0
                && price.request().signum() == 0;
    }
}
