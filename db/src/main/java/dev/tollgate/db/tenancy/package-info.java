/**
 * Which organisation's rows a piece of work may see. Row-level security in PostgreSQL enforces it; this package
 * tells PostgreSQL the scope of each connection the application takes from its pool.
 */
package dev.tollgate.db.tenancy;
