/**
 * Schema migrations: Liquibase applies {@code db/changelog/db.changelog-master.xml} at start-up. Liquibase is the
 * only thing that changes the schema, in tests too.
 */
package dev.tollgate.db.migration;
