/**
 * From a planned list of endpoints to one answer: the {@link dev.tollgate.routing.dispatch.RoutePlanner} is the seam
 * where the router decides the order; the {@link dev.tollgate.routing.dispatch.Dispatcher} tries each endpoint
 * through its adapter and moves to the next on a retryable failure, until an answer starts. Every attempt is
 * recorded for the generation.
 */
package dev.tollgate.routing.dispatch;
