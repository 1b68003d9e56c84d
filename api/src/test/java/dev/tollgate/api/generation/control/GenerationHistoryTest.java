package dev.tollgate.api.generation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.api.generation.control.ActivityEntry.Position;
import dev.tollgate.api.support.FreshDatabase;
import dev.tollgate.db.tenancy.TenantScope;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenerationHistoryTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private DataSource database;
    private GenerationHistory history;
    private final UUID orgA = UUID.randomUUID();
    private final UUID orgB = UUID.randomUUID();
    private final UUID keyA1 = UUID.randomUUID();
    private final UUID keyA2 = UUID.randomUUID();
    private final UUID keyB = UUID.randomUUID();

    @BeforeEach
    void twoOrganisationsWithKeys() throws SQLException {
        database = FreshDatabase.create();
        history = new GenerationHistory(database, Clock.fixed(NOW, ZoneOffset.UTC));
        execute("INSERT INTO organization (id, name) VALUES (?, 'A'), (?, 'B')", orgA, orgB);
        key(keyA1, orgA, "production");
        key(keyA2, orgA, "staging");
        key(keyB, orgB, "theirs");
    }

    @Test
    void newestFirstAndNarrowedByEachFilter() throws SQLException {
        generation("gen-1", orgA, keyA1, "2026-11-20T10:00:00Z", "openai/gpt-4o", "openai", "https://app.one", null);
        generation("gen-2", orgA, keyA2, "2026-11-21T10:00:00Z", "anthropic/claude", "anthropic", null, "Two");
        generation("gen-3", orgA, keyA1, "2026-11-22T09:00:00Z", "openai/gpt-4o", "azure", "https://app.one", "One");
        generation("gen-b", orgB, keyB, "2026-11-22T09:30:00Z", "openai/gpt-4o", "openai", "https://app.one", null);

        assertEquals(List.of("gen-3", "gen-2", "gen-1"), ids(ActivityFilter.ALL));
        assertEquals(List.of("gen-3", "gen-1"), ids(ActivityFilter.ALL.withModel("openai/gpt-4o")));
        assertEquals(List.of("gen-3"), ids(ActivityFilter.ALL.withProvider("azure")));
        assertEquals(List.of("gen-2"), ids(ActivityFilter.ALL.withKey(keyA2)));
        assertEquals(List.of("gen-3", "gen-1"), ids(ActivityFilter.ALL.withApp("https://app.one")));
        assertEquals(List.of("gen-2"), ids(ActivityFilter.ALL.withApp("Two")));
        assertEquals(
                List.of("gen-2"),
                ids(ActivityFilter.ALL.between(
                        Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-22T00:00:00Z"))));
        assertEquals(
                List.of(), ids(ActivityFilter.ALL.withModel("openai/gpt-4o").withProvider("anthropic")));

        ActivityEntry third = page(ActivityFilter.ALL).get(0);
        assertEquals("production", third.keyName());
        assertEquals(Optional.of("https://app.one"), third.app());
        assertEquals(Optional.of("One"), third.appTitle());
        assertEquals(new BigDecimal("0.0000123"), third.totalCost());
        assertEquals(2, third.attempts().size());
        assertEquals(502, third.attempts().get(0).status());
        assertEquals("Fake azure", third.attempts().get(1).providerName());
    }

    @Test
    void keysetPagesNeitherSkipNorRepeatRowsOfTheSameInstant() throws SQLException {
        for (int i = 0; i < 23; i++) {
            generation("gen-same-" + (char) ('a' + i), orgA, keyA1, "2026-11-22T08:00:00Z", "m/x", "p", null, null);
        }
        for (int i = 0; i < 5; i++) {
            generation("gen-early-" + i, orgA, keyA1, "2026-11-21T08:00:0" + i + "Z", "m/x", "p", null, null);
        }
        List<String> all = ids(ActivityFilter.ALL);
        assertEquals(28, all.size());
        assertEquals(28, new HashSet<>(all).size());

        List<String> walked = new ArrayList<>();
        Optional<Position> after = Optional.empty();
        while (true) {
            List<ActivityEntry> page = history.page(orgA, ActivityFilter.ALL, after, 0, 4);
            page.forEach(entry -> walked.add(entry.id()));
            if (page.size() < 4) {
                break;
            }
            after = Optional.of(page.get(page.size() - 1).position());
        }
        assertEquals(all, walked);

        // Skipping from a known position lands where the whole list says.
        Position tenth = history.page(orgA, ActivityFilter.ALL, Optional.empty(), 9, 1)
                .get(0)
                .position();
        assertEquals(
                all.subList(13, 16),
                history.page(orgA, ActivityFilter.ALL, Optional.of(tenth), 3, 3).stream()
                        .map(ActivityEntry::id)
                        .toList());
    }

    @Test
    void anotherOrganisationsGenerationsNeverAppear() throws SQLException {
        generation("gen-a", orgA, keyA1, "2026-11-22T08:00:00Z", "m/x", "p", "https://a", null);
        generation("gen-b", orgB, keyB, "2026-11-22T08:00:00Z", "m/secret", "q", "https://b", null);

        assertEquals(List.of("gen-b"), ids(orgB, ActivityFilter.ALL));
        assertEquals(List.of("gen-a"), ids(orgA, ActivityFilter.ALL));
        ActivityChoices choices = history.choices(orgA);
        assertEquals(List.of("m/x"), choices.models());
        assertEquals(List.of("https://a"), choices.apps());
        assertEquals(
                List.of(keyA1, keyA2),
                choices.keys().stream().map(ActivityChoices.Choice::value).toList());
        // In organisation A's scope, asking for B's rows by its id finds nothing: row-level security backs the filter.
        TenantScope.tenant(orgA).run(() -> {
            assertEquals(List.of(), ids(orgB, ActivityFilter.ALL));
            assertEquals(List.of(), history.choices(orgB).models());
            assertTrue(history.overview(orgB).noCalls());
        });
    }

    @Test
    void theCsvHoldsEveryMatchingRowQuotedAndWithoutFormulas() throws SQLException {
        generation("gen-q", orgA, keyA1, "2026-11-22T08:00:00Z", "m/x", "p", null, "Hello, \"World\"");
        generation("gen-f", orgA, keyA1, "2026-11-22T08:00:01Z", "m/x", "p", null, "=HYPERLINK(\"http://evil\")");
        generation("gen-other", orgA, keyA2, "2026-11-22T08:00:02Z", "m/y", "p", null, null);
        StringWriter csv = new StringWriter();

        int written = history.export(orgA, ActivityFilter.ALL.withModel("m/x"), csv);

        assertEquals(2, written);
        String[] lines = csv.toString().split("\r\n", -1);
        assertEquals(4, lines.length, csv.toString());
        assertEquals(String.join(",", ActivityCsv.HEADER), lines[0]);
        assertEquals(
                "gen-f,2026-11-22T08:00:01Z,m/x,Fake p,production,\"'=HYPERLINK(\"\"http://evil\"\")\",12,3,1,2,"
                        + "0.0000123,250,900,stop,false",
                lines[1]);
        assertTrue(lines[2].contains(",\"Hello, \"\"World\"\"\","), lines[2]);
        assertEquals("", lines[3], "every line ends with CRLF");
    }

    @Test
    void anExportGoesBeyondOnePage() throws SQLException {
        execute(
                "INSERT INTO generation (id, organization_id, api_key_id, requested_model, model, streamed,"
                        + " total_cost, created_at) SELECT 'gen-' || i, ?, ?, 'm/x', 'm/x', false, 0.01,"
                        + " timestamptz '2026-11-22' - i * interval '1 millisecond' FROM generate_series(1, 2345) i",
                orgA,
                keyA1);
        StringWriter csv = new StringWriter();

        assertEquals(2345, history.export(orgA, ActivityFilter.ALL, csv));
        List<String> lines = csv.toString().lines().toList();
        assertEquals(2346, lines.size());
        assertEquals(2345, new HashSet<>(lines.subList(1, lines.size())).size());
    }

    @Test
    void cellsAreQuotedByRfc4180AndFormulasNeutralised() {
        assertEquals("plain", ActivityCsv.quoted("plain"));
        assertEquals("\"a,b\"", ActivityCsv.quoted("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ActivityCsv.quoted("say \"hi\""));
        assertEquals("\"two\nlines\"", ActivityCsv.quoted("two\nlines"));
        for (String formula : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
            assertEquals("'" + formula, ActivityCsv.text(formula));
        }
        assertEquals("", ActivityCsv.text(""));
        assertEquals("a=b", ActivityCsv.text("a=b"));
    }

    @Test
    void theOverviewSumsSpendPerUtcDayAndModel() throws SQLException {
        // 2026-11-22 is a Sunday: the week began on Monday the 16th, the month on the 1st, the chart on 24 October.
        spend("t1", "2026-11-22T00:30:00Z", "m/a", "0.10");
        spend("t2", "2026-11-22T09:59:00Z", "m/b", "0.20");
        spend("y1", "2026-11-21T23:59:59Z", "m/a", "1.00");
        spend("w1", "2026-11-16T00:00:00Z", "m/a", "2.00");
        spend("m1", "2026-11-15T23:59:59Z", "m/a", "4.00");
        spend("m2", "2026-11-01T00:00:00Z", "m/b", "8.00");
        spend("o1", "2026-10-31T23:59:59Z", "m/a", "16.00");
        spend("o2", "2026-10-24T00:00:00Z", "m/a", "32.00");
        spend("gone", "2026-10-23T23:59:59Z", "m/a", "64.00");

        UsageOverview overview = history.overview(orgA);

        assertEquals(new BigDecimal("0.30"), overview.spendToday());
        assertEquals(new BigDecimal("3.30"), overview.spendThisWeek());
        assertEquals(new BigDecimal("15.30"), overview.spendThisMonth());
        assertEquals(30, overview.days().size());
        assertEquals(LocalDate.parse("2026-10-24"), overview.days().get(0));
        assertEquals(LocalDate.parse("2026-11-22"), overview.days().get(29));
        assertEquals(
                List.of(
                        new DailyUsage(LocalDate.parse("2026-10-24"), "m/a", new BigDecimal("32.00"), 15, 1),
                        new DailyUsage(LocalDate.parse("2026-10-31"), "m/a", new BigDecimal("16.00"), 15, 1),
                        new DailyUsage(LocalDate.parse("2026-11-01"), "m/b", new BigDecimal("8.00"), 15, 1),
                        new DailyUsage(LocalDate.parse("2026-11-15"), "m/a", new BigDecimal("4.00"), 15, 1),
                        new DailyUsage(LocalDate.parse("2026-11-16"), "m/a", new BigDecimal("2.00"), 15, 1),
                        new DailyUsage(LocalDate.parse("2026-11-21"), "m/a", new BigDecimal("1.00"), 15, 1),
                        new DailyUsage(LocalDate.parse("2026-11-22"), "m/a", new BigDecimal("0.10"), 15, 1),
                        new DailyUsage(LocalDate.parse("2026-11-22"), "m/b", new BigDecimal("0.20"), 15, 1)),
                overview.daily());
        assertTrue(history.overview(orgB).noCalls());
    }

    @Test
    void onTheLastDayOfALongMonthTheMonthReachesBeyondTheChart() throws SQLException {
        GenerationHistory onThe31st =
                new GenerationHistory(database, Clock.fixed(Instant.parse("2026-12-31T12:00:00Z"), ZoneOffset.UTC));
        spend("first", "2026-12-01T00:00:00Z", "m/a", "1.5");
        spend("last", "2026-12-31T00:00:00Z", "m/a", "0.5");

        UsageOverview overview = onThe31st.overview(orgA);

        assertEquals(new BigDecimal("2.0"), overview.spendThisMonth());
        assertEquals(LocalDate.parse("2026-12-02"), overview.days().get(0));
        assertEquals(1, overview.daily().size(), "the 1st is before the chart's first day");
    }

    @Test
    void filterListsOfferWhatTheHistoryHolds() throws SQLException {
        generation("g1", orgA, keyA1, "2026-11-20T10:00:00Z", "z/last", "openai", "https://app.one", null);
        generation("g2", orgA, keyA1, "2026-11-20T11:00:00Z", "a/first", "anthropic", null, "Alpha app");
        generation("g3", orgA, keyA2, "2026-11-20T12:00:00Z", "a/first", "openai", null, null);

        ActivityChoices choices = history.choices(orgA);

        assertEquals(List.of("a/first", "z/last"), choices.models());
        assertEquals(
                List.of(
                        new ActivityChoices.Choice<>("anthropic", "Fake anthropic"),
                        new ActivityChoices.Choice<>("openai", "Fake openai")),
                choices.providers());
        assertEquals(List.of("Alpha app", "https://app.one"), choices.apps());
        assertEquals("production (sk-or-v1-abc...xyz)", choices.keys().get(0).label());
    }

    private void spend(String id, String at, String model, String cost) throws SQLException {
        execute(
                "INSERT INTO generation (id, organization_id, api_key_id, requested_model, model, streamed,"
                        + " tokens_prompt, tokens_completion, total_cost, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, false, 10, 5, ?, ?)",
                id,
                orgA,
                keyA1,
                model,
                model,
                new BigDecimal(cost),
                OffsetDateTime.parse(at));
    }

    private List<ActivityEntry> page(ActivityFilter filter) {
        return history.page(orgA, filter, Optional.empty(), 0, 100);
    }

    private List<String> ids(ActivityFilter filter) {
        return ids(orgA, filter);
    }

    private List<String> ids(UUID organization, ActivityFilter filter) {
        return history.page(organization, filter, Optional.empty(), 0, 100).stream()
                .map(ActivityEntry::id)
                .toList();
    }

    private void key(UUID id, UUID organization, String name) throws SQLException {
        execute(
                "INSERT INTO api_key (id, organization_id, hash, label, name, management)"
                        + " VALUES (?, ?, ?, 'sk-or-v1-abc...xyz', ?, false)",
                id,
                organization,
                (id.toString() + id).replace("-", "").substring(0, 64),
                name);
    }

    private void generation(
            String id,
            UUID organization,
            UUID key,
            String at,
            String model,
            String provider,
            String referer,
            String title)
            throws SQLException {
        execute(
                "INSERT INTO generation (id, organization_id, api_key_id, requested_model, model, provider,"
                        + " provider_name, streamed, finish_reason, tokens_prompt, tokens_completion,"
                        + " tokens_reasoning, tokens_cached, total_cost, upstream_cost, latency_ms, generation_time_ms,"
                        + " http_referer, app_title, attempts, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, false, 'stop', 12, 3, 1, 2, 0.0000123, 0.00001, 250, 900,"
                        + " ?, ?, ?::jsonb, ?)",
                id,
                organization,
                key,
                model,
                model,
                provider,
                "Fake " + provider,
                referer,
                title,
                "[{\"endpoint_id\":\"" + UUID.randomUUID() + "\",\"model\":\"" + model + "\",\"provider\":\"down\","
                        + "\"provider_name\":\"Fake down\",\"status\":502,\"error\":\"bad gateway\",\"latency\":40},"
                        + "{\"endpoint_id\":\"" + UUID.randomUUID() + "\",\"model\":\"" + model + "\",\"provider\":\""
                        + provider + "\",\"provider_name\":\"Fake " + provider + "\",\"status\":200,\"error\":null,"
                        + "\"latency\":210}]",
                OffsetDateTime.parse(at));
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }
}
