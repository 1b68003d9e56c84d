/**
 * A provider that answers locally, for demos and load tests: deterministic text from the prompt, with latency,
 * tokens per second and a failure rate set in its base URL
 * ({@code simulator://name?latency_ms=150&tokens_per_second=80&failure_rate=0.05&words=24}).
 */
package dev.tollgate.routing.adapter.simulator;
