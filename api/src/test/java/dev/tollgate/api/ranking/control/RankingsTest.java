package dev.tollgate.api.ranking.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.api.support.FreshDatabase;
import dev.tollgate.billing.SettableClock;
import dev.tollgate.db.tenancy.ScopedDataSource;
import dev.tollgate.db.tenancy.TenantScope;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public boards over real PostgreSQL, read as the application's role, two organisations calling. */
class RankingsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final AtomicInteger ids = new AtomicInteger();
    private final SettableClock clock = new SettableClock(NOW);
    private ScopedDataSource database;
    private Rankings rankings;
    private UUID orgA;
    private UUID keyA;
    private UUID orgB;
    private UUID keyB;

    @BeforeEach
    void twoOrganisations() throws SQLException {
        database = FreshDatabase.create();
        rankings = new Rankings(database, clock, Duration.ZERO);
        orgA = UUID.randomUUID();
        keyA = UUID.randomUUID();
        orgB = UUID.randomUUID();
        keyB = UUID.randomUUID();
        organisation(orgA, keyA);
        organisation(orgB, keyB);
    }

    @Test
    void appsAreRankedByTokensThenRequestsThenIdInByteOrder() throws SQLException {
        call(orgA, keyA, "https://big.example", "Big", "m/a", 900, 100, NOW.minusSeconds(60));
        call(orgA, keyA, "https://b.example", "B", "m/a", 150, 50, NOW.minusSeconds(60));
        call(orgA, keyA, "https://b.example", "B", "m/a", 0, 0, NOW.minusSeconds(60));
        // Same tokens and requests: the id decides, in byte order ('Z' before 'a'), never by chance.
        call(orgA, keyA, "https://a.example", "A", "m/a", 100, 100, NOW.minusSeconds(60));
        call(orgA, keyA, "https://a.example", "A", "m/a", 0, 0, NOW.minusSeconds(60));
        call(orgA, keyA, "https://Z.example", "Z", "m/a", 200, 0, NOW.minusSeconds(60));
        call(orgA, keyA, "https://Z.example", "Z", "m/a", 0, 0, NOW.minusSeconds(60));

        List<AppRank> board = rankings.apps(RankingPeriod.DAY, 20);

        assertEquals(
                List.of(
                        new AppRank(1, "https://big.example", Optional.of("Big"), 1000, 1),
                        new AppRank(2, "https://Z.example", Optional.of("Z"), 200, 2),
                        new AppRank(3, "https://a.example", Optional.of("A"), 200, 2),
                        new AppRank(4, "https://b.example", Optional.of("B"), 200, 2)),
                board);
        assertEquals(
                List.of("https://big.example", "https://Z.example"),
                rankings.apps(RankingPeriod.DAY, 2).stream().map(AppRank::appId).toList());
    }

    @Test
    void periodsAreRollingWindowsWithTheirStartIncluded() throws SQLException {
        call(orgA, keyA, "https://day.example", null, "m/a", 1, 0, NOW.minus(Duration.ofHours(24)));
        call(
                orgA,
                keyA,
                "https://week.example",
                null,
                "m/a",
                1,
                0,
                NOW.minus(Duration.ofHours(24)).minusMillis(1));
        call(orgA, keyA, "https://week.example", null, "m/a", 1, 0, NOW.minus(Duration.ofDays(7)));
        call(
                orgA,
                keyA,
                "https://month.example",
                null,
                "m/b",
                1,
                0,
                NOW.minus(Duration.ofDays(7)).minusMillis(1));
        call(orgA, keyA, "https://month.example", null, "m/b", 1, 0, NOW.minus(Duration.ofDays(30)));
        call(
                orgA,
                keyA,
                "https://gone.example",
                null,
                "m/c",
                1,
                0,
                NOW.minus(Duration.ofDays(30)).minusMillis(1));

        assertEquals(List.of("https://day.example"), appIds(RankingPeriod.DAY));
        assertEquals(List.of("https://week.example", "https://day.example"), appIds(RankingPeriod.WEEK));
        assertEquals(
                List.of("https://month.example", "https://week.example", "https://day.example"),
                appIds(RankingPeriod.MONTH));
        assertEquals(
                List.of(new ModelRank(1, "m/a", 3, 3), new ModelRank(2, "m/b", 2, 2)),
                rankings.models(RankingPeriod.MONTH, 20));
        assertEquals(List.of(new ModelRank(1, "m/a", 1, 1)), rankings.models(RankingPeriod.DAY, 20));
    }

    @Test
    void aPeriodStartsAtTheWholeHourItsRollingStartFallsIn() throws SQLException {
        clock.advance(Duration.ofMinutes(40));
        // 24 hours and 30 minutes ago: inside the hour the day's board starts with, 10:00 yesterday.
        call(
                orgA,
                keyA,
                "https://early.example",
                null,
                "m/a",
                1,
                0,
                NOW.minus(Duration.ofHours(24)).plusSeconds(600));
        call(
                orgA,
                keyA,
                "https://before.example",
                null,
                "m/a",
                1,
                0,
                NOW.minus(Duration.ofHours(24)).minusMillis(1));

        assertEquals(List.of("https://early.example"), appIds(RankingPeriod.DAY));
    }

    @Test
    void aRecordStoredTwiceIsSummedOnce() throws SQLException {
        String insert = "INSERT INTO generation (id, organization_id, api_key_id, requested_model, model, streamed,"
                + " tokens_prompt, tokens_completion, http_referer, created_at)"
                + " VALUES ('gen-twice', ?, ?, 'asked', 'm/a', false, 7, 3, 'https://twice.example', ?)"
                + " ON CONFLICT (id) DO NOTHING";
        // As the generation writer retries a batch whose commit it could not confirm.
        execute(insert, orgA, keyA, NOW.minusSeconds(5).atOffset(ZoneOffset.UTC));
        execute(insert, orgA, keyA, NOW.minusSeconds(5).atOffset(ZoneOffset.UTC));

        assertEquals(List.of(new ModelRank(1, "m/a", 10, 1)), rankings.models(RankingPeriod.DAY, 20));
    }

    @Test
    void callsWithoutRefererCountForTheirModelButMakeNoAppAndUnansweredCallsCountNowhere() throws SQLException {
        call(orgA, keyA, null, "A title without an app", "m/a", 500, 500, NOW.minusSeconds(5));
        call(orgA, keyA, "https://app.example", null, "m/a", 10, 5, NOW.minusSeconds(5));
        call(orgA, keyA, "https://failed.example", "Failed", null, 0, 0, NOW.minusSeconds(5));

        List<AppRank> apps = rankings.apps(RankingPeriod.DAY, 20);

        assertEquals(List.of(new AppRank(1, "https://app.example", Optional.empty(), 15, 1)), apps);
        assertEquals(List.of(new ModelRank(1, "m/a", 1015, 2)), rankings.models(RankingPeriod.DAY, 20));
    }

    @Test
    void anAppIsNamedByTheTitleItSentMostOftenInThePeriod() throws SQLException {
        call(orgA, keyA, "https://app.example", "Old name", "m/a", 1, 0, NOW.minus(Duration.ofDays(3)));
        call(orgA, keyA, "https://app.example", "Old name", "m/a", 1, 0, NOW.minus(Duration.ofDays(3)));
        call(orgA, keyA, "https://app.example", "New name", "m/a", 1, 0, NOW.minusSeconds(60));
        call(orgA, keyA, "https://app.example", null, "m/a", 1, 0, NOW.minusSeconds(30));

        assertEquals(
                Optional.of("Old name"),
                rankings.apps(RankingPeriod.WEEK, 1).get(0).appName());
        assertEquals(
                Optional.of("New name"),
                rankings.apps(RankingPeriod.DAY, 1).get(0).appName());
    }

    @Test
    void organisationsCallingAsOneAppAddUpAndNothingOfThemLeaves() throws SQLException {
        call(orgA, keyA, "https://shared.example", "Shared", "m/a", 30, 10, NOW.minusSeconds(60));
        call(orgB, keyB, "https://shared.example", "Shared", "m/b", 50, 10, NOW.minusSeconds(60));
        call(orgB, keyB, "https://b-only.example", "B only", "m/b", 1, 0, NOW.minusSeconds(60));

        // A portal visitor's thread is in nobody's scope: the boards still span every organisation.
        List<AppRank> apps = TenantScope.nobody().call(() -> rankings.apps(RankingPeriod.DAY, 20));
        List<ModelRank> models = TenantScope.tenant(orgA).call(() -> rankings.models(RankingPeriod.DAY, 20));

        assertEquals(
                List.of(
                        new AppRank(1, "https://shared.example", Optional.of("Shared"), 100, 2),
                        new AppRank(2, "https://b-only.example", Optional.of("B only"), 1, 1)),
                apps);
        assertEquals(List.of(new ModelRank(1, "m/b", 61, 2), new ModelRank(2, "m/a", 40, 1)), models);
        String everything = apps.toString() + models + rankings.app("https://shared.example");
        for (UUID id : List.of(orgA, orgB, keyA, keyB)) {
            assertFalse(everything.contains(id.toString()), "an organisation's or key's id left: " + everything);
        }
    }

    @Test
    void anAppsPageShowsItsModelsAndItsTokensPerUtcDay() throws SQLException {
        call(orgA, keyA, "https://app.example", "App", "m/a", 10, 0, Instant.parse("2026-11-22T00:00:00Z"));
        call(orgA, keyA, "https://app.example", "App", "m/a", 5, 0, Instant.parse("2026-11-21T23:59:59Z"));
        call(orgB, keyB, "https://app.example", "App", "m/b", 40, 0, Instant.parse("2026-11-21T12:00:00Z"));
        call(orgA, keyA, "https://other.example", "Other", "m/a", 99, 0, Instant.parse("2026-11-22T01:00:00Z"));
        // The first chart day is 2026-10-24 (30 days, today the last); the day before is left out.
        call(orgA, keyA, "https://app.example", "App", "m/c", 7, 0, Instant.parse("2026-10-24T00:00:00Z"));
        call(orgA, keyA, "https://app.example", "App", "m/d", 8, 0, Instant.parse("2026-10-23T23:59:59Z"));

        AppActivity app = rankings.app("https://app.example").orElseThrow();

        assertEquals(Optional.of("App"), app.appName());
        assertEquals(62, app.totalTokens());
        assertEquals(4, app.totalRequests());
        assertEquals(LocalDate.parse("2026-10-24"), app.firstDay());
        assertEquals(
                List.of(new ModelRank(1, "m/b", 40, 1), new ModelRank(2, "m/a", 15, 2), new ModelRank(3, "m/c", 7, 1)),
                app.models());
        assertEquals(
                List.of(
                        new DailyTokens(LocalDate.parse("2026-10-24"), "m/c", 7),
                        new DailyTokens(LocalDate.parse("2026-11-21"), "m/a", 5),
                        new DailyTokens(LocalDate.parse("2026-11-21"), "m/b", 40),
                        new DailyTokens(LocalDate.parse("2026-11-22"), "m/a", 10)),
                app.daily());
        assertEquals(Optional.empty(), rankings.app("https://never.example"));
        assertEquals(Optional.empty(), rankings.app("https://APP.example"), "an app id is matched exactly");
        assertTrue(rankings.modelsPerDay().contains(new DailyTokens(LocalDate.parse("2026-11-22"), "m/a", 109)));
    }

    @Test
    void aCachedBoardIsKeptForTheCacheTimeThenServedOnceMoreWhileReadAfresh() throws SQLException {
        Rankings cached = new Rankings(database, clock, Duration.ofSeconds(60));
        call(orgA, keyA, "https://first.example", null, "m/a", 1, 0, NOW.minusSeconds(1));
        assertEquals(1, cached.apps(RankingPeriod.DAY, 20).size());

        call(orgA, keyA, "https://second.example", null, "m/a", 1, 0, NOW.minusSeconds(1));
        clock.advance(Duration.ofSeconds(59));
        assertEquals(1, cached.apps(RankingPeriod.DAY, 20).size(), "still within the cache time");
        assertEquals(2, cached.apps(RankingPeriod.WEEK, 20).size(), "each period is kept on its own");

        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, cached.apps(RankingPeriod.DAY, 20).size(), "a stale board is served while read afresh");
        assertEquals(2, cached.apps(RankingPeriod.DAY, 20).size());
    }

    @Test
    void everyQueryReadsTheHourlyRollupByAnIndexAndTheRollupSumsTheCalls() throws SQLException {
        // A history of some size, so that the planner weighs it as it would in production: 90 days, 20 models,
        // one call in ten from one of 50 apps.
        try (Connection connection = database.getConnection();
                PreparedStatement history = connection.prepareStatement("INSERT INTO generation (id,"
                        + " organization_id, api_key_id, requested_model, model, streamed, tokens_prompt,"
                        + " tokens_completion, http_referer, app_title, created_at) SELECT 'gen-h' || n, ?, ?, 'asked',"
                        + " 'm/' || (n % 20), false, n % 1000, n % 100,"
                        + " CASE WHEN n % 10 = 0 THEN 'https://app' || (n % 500) || '.example' END,"
                        + " CASE WHEN n % 20 = 0 THEN 'App ' || (n % 500) END,"
                        + " ?::timestamptz - (n * interval '155 seconds') FROM generate_series(1, 50000) AS n")) {
            history.setObject(1, orgA);
            history.setObject(2, keyA);
            history.setObject(3, NOW.atOffset(ZoneOffset.UTC));
            history.executeUpdate();
        }
        List<Statement> statements = new ArrayList<>();
        Rankings recorded = new Rankings(recording(statements), clock, Duration.ZERO);

        recorded.apps(RankingPeriod.DAY, 20);
        recorded.models(RankingPeriod.WEEK, 20);
        recorded.modelsPerDay();
        recorded.app("https://app10.example");

        assertEquals(6, statements.size(), statements.toString());
        try (Connection connection = database.getConnection();
                java.sql.Statement settings = connection.createStatement()) {
            // The trigger summed each inserted call into its hour exactly once: per model and app, as the calls.
            String fromCalls = "SELECT model, coalesce(http_referer, ''), count(*), sum(tokens_prompt),"
                    + " sum(tokens_completion) FROM generation GROUP BY 1, 2 ORDER BY 1, 2";
            String fromRollup = "SELECT model, http_referer, sum(requests), sum(tokens_prompt),"
                    + " sum(tokens_completion) FROM usage_hourly GROUP BY 1, 2 ORDER BY 1, 2";
            assertEquals(rows(settings, fromCalls), rows(settings, fromRollup));
            // Tiny tables make a sequential scan cheapest; forbid it to see what the planner can do at scale.
            settings.execute("RESET ROLE"); // the owner: the application's role may not vacuum
            settings.execute("VACUUM ANALYZE usage_hourly"); // visible pages, as a table at rest has them
            settings.execute("SET ROLE " + ScopedDataSource.ROLE);
            settings.execute("SET enable_seqscan = off");
            for (Statement statement : statements) {
                String plan = explain(connection, statement);
                assertTrue(plan.contains("usage_hourly"), statement.sql() + "\n" + plan);
                assertFalse(plan.contains(" on generation"), statement.sql() + "\n" + plan);
                assertTrue(plan.contains("Index Cond"), statement.sql() + "\n" + plan);
            }
        }
    }

    private static List<List<String>> rows(java.sql.Statement statement, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (var result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** A statement the rankings prepared, with its parameters. */
    private record Statement(String sql, Map<Integer, Object> parameters) {}

    private String explain(Connection connection, Statement statement) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + statement.sql())) {
            for (Map.Entry<Integer, Object> parameter : statement.parameters().entrySet()) {
                explain.setObject(parameter.getKey(), parameter.getValue());
            }
            StringBuilder plan = new StringBuilder();
            try (var rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** The test database, noting every statement prepared on it and the parameters set. */
    private DataSource recording(List<Statement> statements) {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                    Object result = invoke(method, database, arguments);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(
                            getClass().getClassLoader(), new Class<?>[] {Connection.class}, (c, m, a) -> {
                                Object made = invoke(m, connection, a);
                                if (!m.getName().equals("prepareStatement")) {
                                    return made;
                                }
                                Statement noted = new Statement((String) a[0], new TreeMap<>());
                                statements.add(noted);
                                return Proxy.newProxyInstance(
                                        getClass().getClassLoader(),
                                        new Class<?>[] {PreparedStatement.class},
                                        (s, sm, sa) -> {
                                            if (sm.getName().equals("setObject")) {
                                                noted.parameters().put((Integer) sa[0], sa[1]);
                                            }
                                            return invoke(sm, made, sa);
                                        });
                            });
                });
    }

    private static Object invoke(Method method, Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private List<String> appIds(RankingPeriod period) {
        return rankings.apps(period, 20).stream().map(AppRank::appId).toList();
    }

    private void organisation(UUID organization, UUID key) throws SQLException {
        execute("INSERT INTO organization (id, name) VALUES (?, ?)", organization, "Secret org " + organization);
        execute(
                "INSERT INTO api_key (id, organization_id, hash, label, name, management) VALUES (?, ?, ?, 'l', 'n',"
                        + " false)",
                key,
                organization,
                (key.toString() + key).replace("-", "").substring(0, 64));
    }

    private void call(
            UUID organization,
            UUID key,
            String referer,
            String title,
            String model,
            long promptTokens,
            long completionTokens,
            Instant at)
            throws SQLException {
        execute(
                "INSERT INTO generation (id, organization_id, api_key_id, requested_model, model, streamed,"
                        + " tokens_prompt, tokens_completion, http_referer, app_title, created_at)"
                        + " VALUES (?, ?, ?, 'asked', ?, false, ?, ?, ?, ?, ?)",
                "gen-" + ids.incrementAndGet(),
                organization,
                key,
                model,
                promptTokens,
                completionTokens,
                referer,
                title,
                at.atOffset(ZoneOffset.UTC));
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    statement.setNull(i + 1, java.sql.Types.VARCHAR);
                } else {
                    statement.setObject(i + 1, parameters[i]);
                }
            }
            statement.executeUpdate();
        }
    }
}
