package dev.tollgate.api.models.control;

import dev.tollgate.routing.catalog.Catalog;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.health.EndpointHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The public model catalog, read from this replica's routing snapshot (never the database), so that the API and the
 * portal publish the same models at the same list prices, and an operator's change shows at once. Each read takes one
 * snapshot, so a page never mixes two versions of the catalog.
 */
@ApplicationScoped
public class ModelCatalog {

    @Inject
    Catalog catalog;

    @Inject
    EndpointHealth health;

    /** For CDI. */
    public ModelCatalog() {}

    /** For tests: a catalog and health they fill themselves. */
    public ModelCatalog(Catalog catalog, EndpointHealth health) {
        this.catalog = catalog;
        this.health = health;
    }

    /** Every model some enabled endpoint serves, ordered by id. */
    public List<ListedModel> listed() {
        CatalogSnapshot snapshot = catalog.current();
        return snapshot.models().stream()
                .flatMap(model -> ListedModel.of(model, snapshot.endpoints(model.id())).stream())
                .toList();
    }

    /** A model and its endpoints with their health; empty for an id the catalog does not hold. */
    public Optional<ModelOffers> offers(String modelId) {
        CatalogSnapshot snapshot = catalog.current();
        return snapshot.model(modelId)
                .map(model -> new ModelOffers(
                        model,
                        snapshot.endpoints(modelId).stream()
                                .map(endpoint -> new EndpointOffer(endpoint, health.status(endpoint.id())))
                                .toList()));
    }
}
