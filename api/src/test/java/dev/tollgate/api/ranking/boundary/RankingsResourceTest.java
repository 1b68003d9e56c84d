package dev.tollgate.api.ranking.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.api.ranking.boundary.RankingsResource.AppEntry;
import dev.tollgate.api.ranking.boundary.RankingsResource.ModelEntry;
import dev.tollgate.api.ranking.control.AppRank;
import dev.tollgate.api.ranking.control.ModelRank;
import dev.tollgate.api.ranking.control.RankingPeriod;
import dev.tollgate.api.ranking.control.Rankings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The boards' parameters and rows as the resource hands them to JSON-B; the JSON itself is checked in RankingsIT. */
class RankingsResourceTest {

    private final List<String> asked = new ArrayList<>();
    private final RankingsResource resource =
            new RankingsResource(new Rankings(null, Clock.systemUTC(), Duration.ZERO) {
                @Override
                public List<AppRank> apps(RankingPeriod period, int limit) {
                    asked.add("apps " + period + " " + limit);
                    return List.of(
                            new AppRank(1, "https://named.example", Optional.of("Named"), 30, 2),
                            new AppRank(2, "https://unnamed.example", Optional.empty(), 10, 1));
                }

                @Override
                public List<ModelRank> models(RankingPeriod period, int limit) {
                    asked.add("models " + period + " " + limit);
                    return List.of(new ModelRank(1, "openai/gpt-4o", 40, 3));
                }
            });

    @Test
    void rowsCarryRankIdNameAndTotalsAndAnUnnamedAppHasANullName() {
        Map<String, List<AppEntry>> apps = resource.apps(null, null);
        Map<String, List<ModelEntry>> models = resource.models(" month ", "5");

        assertEquals(
                Map.of(
                        "data",
                        List.of(
                                new AppEntry(1, "https://named.example", "Named", 30, 2),
                                new AppEntry(2, "https://unnamed.example", null, 10, 1))),
                apps);
        assertEquals(Map.of("data", List.of(new ModelEntry(1, "openai/gpt-4o", 40, 3))), models);
        assertEquals(List.of("apps WEEK 20", "models MONTH 5"), asked, "week and 20 rows unless asked");
    }

    @Test
    void aBadPeriodOrLimitIsRefusedWith400NamingTheParameter() {
        assertRefused("period: must be day, week or month", () -> resource.apps("year", null));
        assertRefused("period: must be day, week or month", () -> resource.models("DAY", null));
        assertRefused("limit: must be a whole number from 1 to 100", () -> resource.apps("day", "0"));
        assertRefused("limit: must be a whole number from 1 to 100", () -> resource.models(null, "101"));
        assertRefused("limit: must be a whole number from 1 to 100", () -> resource.models(null, "ten"));
        assertEquals(List.of(), asked, "nothing is read for a refused request");
    }

    private static void assertRefused(String message, Runnable request) {
        InvalidFieldException refused = assertThrows(InvalidFieldException.class, request::run);
        // RefusedExceptionMapper puts every refusal in the envelope with its status; RankingsIT sees the response.
        assertEquals(400, refused.status());
        assertEquals(message, refused.getMessage());
    }
}
