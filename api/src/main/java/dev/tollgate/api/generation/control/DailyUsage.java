package dev.tollgate.api.generation.control;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What one model cost an organisation on one UTC day, and the tokens and calls behind it.
 *
 * @param spend the sum of what the organisation paid, exact
 * @param tokens prompt and completion tokens
 */
public record DailyUsage(LocalDate day, String model, BigDecimal spend, long tokens, long requests) {}
