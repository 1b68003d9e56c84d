package dev.tollgate.routing.router;

/**
 * Why an endpoint cannot take a call, in words for the caller's error metadata and the generation record.
 *
 * @param filter the rule that excluded it ({@code tools}, {@code provider.ignore}, …)
 * @param reason what about the endpoint broke the rule
 */
public record Exclusion(String filter, String reason) {}
