/**
 * Routing: the in-memory read model of the enabled catalog, candidate filters and ordering strategies, the
 * dispatcher with its fallbacks, the provider adapters and provider health. Nothing here touches JPA or JAX-RS on
 * the hot path. Its features arrive with the router and inference issues.
 */
package dev.tollgate.routing;
