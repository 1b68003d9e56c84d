package dev.tollgate.db.jpa;

import java.util.List;

/**
 * A module's entity classes, registered in {@code META-INF/services/dev.tollgate.db.jpa.EntityTypes}. Explicit
 * rather than scanned: the container's class scanning does not reach a persistence unit bootstrapped by the
 * application, and an explicit list is what Hibernate validates against the schema.
 */
public interface EntityTypes {

    List<Class<?>> entityTypes();
}
