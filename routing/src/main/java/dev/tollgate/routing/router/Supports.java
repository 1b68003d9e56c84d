package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.RoutableEndpoint;

/** Whether an endpoint supports a parameter: it lists it, or it lists nothing (the operator has not said). */
final class Supports {

    private Supports() {}

    static boolean parameter(RoutableEndpoint endpoint, String parameter) {
        return endpoint.supportedParameters().isEmpty()
                || endpoint.supportedParameters().contains(parameter);
    }
}
