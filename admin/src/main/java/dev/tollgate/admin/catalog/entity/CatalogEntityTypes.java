package dev.tollgate.admin.catalog.entity;

import dev.tollgate.db.jpa.EntityTypes;
import java.util.List;

/** Registers the catalog's entities with the persistence unit. */
public class CatalogEntityTypes implements EntityTypes {

    @Override
    public List<Class<?>> entityTypes() {
        return List.of(Provider.class, Model.class, Endpoint.class, PlatformPricing.class, AutoRouterModel.class);
    }
}
