package dev.tollgate.routing.dispatch;

import dev.tollgate.routing.catalog.CatalogSnapshot;

/** Orders the endpoints a call may use. The router's strategies plug in here. */
public interface RoutePlanner {

    /**
     * @throws NoRouteException when no endpoint can serve the request
     */
    RoutePlan plan(CatalogSnapshot catalog, RouteRequest request);
}
