package dev.tollgate.routing.adapter;

import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.concurrent.CompletableFuture;

/** Speaks one wire protocol to providers. Implementations are thread-safe and hold no per-call state. */
public interface ProviderAdapter {

    Protocol protocol();

    /**
     * Starts a call at an endpoint. The future completes when the provider has answered with success (the body may
     * still be on its way) or fails with an {@link UpstreamFailure}; cancelling it abandons the call.
     */
    CompletableFuture<UpstreamReply> start(RoutableEndpoint endpoint, ChatCall call);
}
