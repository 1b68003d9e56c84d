package dev.tollgate.api.system.entity;

import dev.tollgate.db.jpa.EntityTypes;
import java.util.List;

/** Registers this feature's entities with the persistence unit. */
public class SystemEntityTypes implements EntityTypes {

    @Override
    public List<Class<?>> entityTypes() {
        return List.of(Installation.class);
    }
}
