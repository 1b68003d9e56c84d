package dev.tollgate.api.ranking.control;

/**
 * One model's place on a board: the whole platform's, or one app's.
 *
 * @param totalTokens prompt and completion tokens of the calls it answered
 */
public record ModelRank(int rank, String model, long totalTokens, long totalRequests) {}
