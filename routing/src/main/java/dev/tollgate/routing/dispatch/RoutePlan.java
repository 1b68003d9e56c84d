package dev.tollgate.routing.dispatch;

import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.List;

/** The endpoints to try, in order; never empty. */
public record RoutePlan(List<RoutableEndpoint> endpoints) {

    public RoutePlan {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one endpoint");
        }
        endpoints = List.copyOf(endpoints);
    }
}
