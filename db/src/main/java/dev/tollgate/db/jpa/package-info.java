/**
 * The persistence unit: Hibernate ORM as the JPA provider over the application's own pool. Modules contribute their
 * entity classes through {@link dev.tollgate.db.jpa.EntityTypes}; Liquibase, never Hibernate, owns the schema.
 */
package dev.tollgate.db.jpa;
