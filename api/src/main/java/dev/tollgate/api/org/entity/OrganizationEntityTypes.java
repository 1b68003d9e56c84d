package dev.tollgate.api.org.entity;

import dev.tollgate.db.jpa.EntityTypes;
import java.util.List;

/** Registers the organisation entities with the persistence unit. */
public class OrganizationEntityTypes implements EntityTypes {

    @Override
    public List<Class<?>> entityTypes() {
        return List.of(Organization.class, ApiKey.class);
    }
}
