/**
 * Live provider health, per endpoint, merged over the replicas when they cluster: success rate (rate-limited answers left out), time to first token
 * and throughput percentiles over rolling windows, uptime, and a circuit breaker that takes a failing endpoint out of
 * rotation and lets real traffic probe it back (the breaker per replica). The router reads it; the dispatcher and the inference service feed it.
 */
package dev.tollgate.routing.health;
