package dev.tollgate.api.models.control;

import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.health.EndpointStatus;

/** One provider's endpoint for a model, at list price, with this replica's health of it. */
public record EndpointOffer(RoutableEndpoint endpoint, EndpointStatus status) {}
