/**
 * Provider adapters: one small interface ({@link dev.tollgate.routing.adapter.ProviderAdapter}) in front of each wire
 * protocol. The gateway speaks OpenRouter's (OpenAI's) chat format everywhere; an adapter translates a call into its
 * provider's protocol and the answer back into chat completions or chunks, normalizes usage and finish reasons, and
 * turns upstream errors into {@link dev.tollgate.routing.adapter.UpstreamFailure}s that say whether another provider
 * should be tried. Plain Java and JSON-P: no JPA, no JAX-RS.
 */
package dev.tollgate.routing.adapter;
