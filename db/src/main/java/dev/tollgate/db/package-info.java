/**
 * The database: where it is ({@link dev.tollgate.db.DatabaseSettings}), the one pooled {@code DataSource}, and
 * the readiness check that reports whether the schema is migrated. No business rules live in this module.
 */
package dev.tollgate.db;
