package dev.tollgate.routing.adapter;

import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;

/** Speaks one wire protocol to providers. Implementations are thread-safe and hold no per-call state. */
public interface ProviderAdapter {

    Protocol protocol();

    /**
     * Sends a call to an endpoint and waits, on the calling thread, until the provider has answered with success (the
     * body may still be on its way). Blocking on purpose: {@code HttpClient.sendAsync} hands every completion to
     * {@code CompletableFuture}'s default executor, which on a machine with fewer than three cores starts a new thread
     * per task (see {@code docs/decisions.md}).
     *
     * @throws UpstreamFailure when the provider could not be reached or answered with an error
     */
    UpstreamReply start(RoutableEndpoint endpoint, ChatCall call) throws UpstreamFailure;
}
