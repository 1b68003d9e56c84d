/**
 * The catalog as routing sees it: an immutable snapshot of the enabled providers, models and endpoints with their
 * list prices resolved, replaced whole when the operator changes the catalog. Plain Java: no JPA, no JAX-RS.
 */
package dev.tollgate.routing.catalog;
