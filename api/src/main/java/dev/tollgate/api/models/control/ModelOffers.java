package dev.tollgate.api.models.control;

import dev.tollgate.routing.catalog.CatalogModel;
import java.util.List;

/** A model with every enabled endpoint serving it (ordered by provider), possibly none. */
public record ModelOffers(CatalogModel model, List<EndpointOffer> endpoints) {

    public ModelOffers {
        endpoints = List.copyOf(endpoints);
    }
}
