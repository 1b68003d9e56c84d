package dev.tollgate.api.ranking.control;

import java.util.Optional;

/**
 * One app's place on the board.
 *
 * @param appId the {@code HTTP-Referer} it sent, as sent (trimmed)
 * @param appName the {@code X-Title} it sent most often in the period; empty when it never sent one
 * @param totalTokens prompt and completion tokens of its answered calls
 */
public record AppRank(int rank, String appId, Optional<String> appName, long totalTokens, long totalRequests) {}
