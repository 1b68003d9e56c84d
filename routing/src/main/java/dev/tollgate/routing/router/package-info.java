/**
 * OpenRouter's provider selection: what a call needs ({@link dev.tollgate.routing.router.CallNeeds}), what the
 * caller prefers ({@link dev.tollgate.routing.router.ProviderPreferences}), and one pure
 * {@link dev.tollgate.routing.router.CandidateFilter} per rule that can exclude an endpoint, each saying why.
 */
package dev.tollgate.routing.router;
