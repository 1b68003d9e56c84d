package dev.tollgate.api.ranking.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.api.ranking.control.AppRank;
import dev.tollgate.api.ranking.control.ModelRank;
import dev.tollgate.api.ranking.control.RankingPeriod;
import dev.tollgate.api.ranking.control.Rankings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/rankings/apps} and {@code /models}: the public leaderboards by tokens (prompt + completion) over
 * the last 24 hours, 7 days or 30 days (rolling; {@code week} when no period is given), at most {@code limit} rows
 * (20 unless asked, up to 100). No key: the boards hold aggregates only. They may be up to
 * {@code tollgate.rankings.cache-seconds} old. A model row has no {@code app_name}: a model has no app.
 */
@Path("v1/rankings")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rankings")
public class RankingsResource {

    static final int DEFAULT_LIMIT = 20;

    @Inject
    Rankings rankings;

    /** For CDI. */
    public RankingsResource() {}

    /** For tests. */
    RankingsResource(Rankings rankings) {
        this.rankings = rankings;
    }

    /** An app's row; {@code app_name} is null when the app never sent a title. */
    public record AppEntry(int rank, String appId, String appName, long totalTokens, long totalRequests) {}

    public record ModelEntry(int rank, String model, long totalTokens, long totalRequests) {}

    @GET
    @Path("apps")
    @Operation(
            summary = "The apps that used the most tokens, by the HTTP-Referer and X-Title they send; public, no key."
                    + " Calls without HTTP-Referer are not counted here.")
    public Map<String, List<AppEntry>> apps(
            @Parameter(description = "day, week or month: the last 24 hours, 7 days or 30 days; default: week")
                    @QueryParam("period")
                    String period,
            @Parameter(description = "rows, 1 to 100; default: 20") @QueryParam("limit") String limit) {
        List<AppRank> board = rankings.apps(period(period), limit(limit));
        return Map.of(
                "data",
                board.stream()
                        .map(app -> new AppEntry(
                                app.rank(),
                                app.appId(),
                                app.appName().orElse(null),
                                app.totalTokens(),
                                app.totalRequests()))
                        .toList());
    }

    @GET
    @Path("models")
    @Operation(summary = "The models that answered the most tokens; public, no key")
    public Map<String, List<ModelEntry>> models(
            @Parameter(description = "day, week or month: the last 24 hours, 7 days or 30 days; default: week")
                    @QueryParam("period")
                    String period,
            @Parameter(description = "rows, 1 to 100; default: 20") @QueryParam("limit") String limit) {
        List<ModelRank> board = rankings.models(period(period), limit(limit));
        return Map.of(
                "data",
                board.stream()
                        .map(model ->
                                new ModelEntry(model.rank(), model.model(), model.totalTokens(), model.totalRequests()))
                        .toList());
    }

    static RankingPeriod period(String period) {
        if (period == null || period.isBlank()) {
            return RankingPeriod.DEFAULT;
        }
        return RankingPeriod.parse(period.strip())
                .orElseThrow(() -> new InvalidFieldException("period", "must be day, week or month"));
    }

    static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int rows = Integer.parseInt(limit.strip());
            if (rows >= 1 && rows <= Rankings.MOST) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // said below, as for a number out of range
        }
        throw new InvalidFieldException("limit", "must be a whole number from 1 to " + Rankings.MOST);
    }
}
