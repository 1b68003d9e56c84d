package dev.tollgate.api.ranking.control;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What one app did over the last {@value Rankings#CHART_DAYS} UTC days, as the public sees it.
 *
 * @param firstDay the first day of the period, today being the last
 * @param models the models it used, most tokens first
 * @param daily its tokens per day and model
 */
public record AppActivity(
        String appId,
        Optional<String> appName,
        long totalTokens,
        long totalRequests,
        LocalDate firstDay,
        List<ModelRank> models,
        List<DailyTokens> daily) {}
