package dev.tollgate.api.ranking.control;

import java.time.LocalDate;

/** Tokens one model answered on one UTC day. */
public record DailyTokens(LocalDate day, String model, long tokens) {}
