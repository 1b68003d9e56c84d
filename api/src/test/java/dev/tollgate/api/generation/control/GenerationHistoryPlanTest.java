package dev.tollgate.api.generation.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.api.generation.control.ActivityEntry.Position;
import dev.tollgate.api.support.FreshDatabase;
import dev.tollgate.db.tenancy.TenantScope;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Activity page stays fast however long the history, because each of its queries walks an index in the order it
 * returns rows. Proved without a clock: over 20,000 generations of four organisations, with statistics gathered, the
 * planner itself chooses an index for every filter and never reads the whole generation table. Plans are read in the
 * organisation's tenant scope, as the portal runs them, row-level security included.
 */
class GenerationHistoryPlanTest {

    private static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static DataSource database;

    @BeforeAll
    static void twentyThousandGenerationsOfFourOrganisations() throws SQLException {
        database = FreshDatabase.create();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO organization (id, name) SELECT ('00000000-0000-0000-0000-00000000000'"
                    + " || to_hex(10 + o))::uuid, 'org ' || o FROM generate_series(0, 3) o");
            statement.execute("INSERT INTO api_key (id, organization_id, hash, label, name, management)"
                    + " SELECT ('10000000-0000-0000-0000-0000000000' || to_hex(16 * (10 + o) + q))::uuid,"
                    + " ('00000000-0000-0000-0000-00000000000' || to_hex(10 + o))::uuid,"
                    + " md5(o || '/' || q) || md5(q || '/' || o), 'sk-or-v1-...', 'key ' || q, false"
                    + " FROM generate_series(0, 3) o, generate_series(0, 2) q");
            statement.execute("INSERT INTO generation (id, organization_id, api_key_id, requested_model, model,"
                    + " provider, provider_name, streamed, total_cost, http_referer, app_title, created_at)"
                    + " SELECT 'gen-' || i, ('00000000-0000-0000-0000-00000000000' || to_hex(10 + i % 4))::uuid,"
                    + " ('10000000-0000-0000-0000-0000000000' || to_hex(16 * (10 + i % 4) + (i / 4) % 3))::uuid,"
                    + " 'm/' || (i % 7), 'm/' || (i % 7), 'p' || (i % 5), 'P' || (i % 5), false, 0.001,"
                    + " CASE WHEN i % 3 = 0 THEN 'https://app' || (i % 11) END, 'App ' || (i % 13),"
                    + " timestamptz '2026-11-22' - i * interval '1 minute' FROM generate_series(1, 20000) i");
            // Statistics are the table owner's business, not the application role's.
            statement.execute("RESET ROLE");
            statement.execute("ANALYZE");
        }
        assertTrue(
                TenantScope.tenant(ORG)
                                .call(() -> new GenerationHistory(database, java.time.Clock.systemUTC())
                                        .page(ORG, ActivityFilter.ALL, Optional.empty(), 0, 10))
                                .size()
                        == 10,
                "the data is there");
    }

    @Test
    void everyFilterOfAPageIsAnIndexCondition() throws SQLException {
        Position somewhere = new Position(Instant.parse("2026-11-15T00:00:00Z"), "gen-10080");
        // Each filter, and the index condition that shows the index narrows by it (rather than reading the
        // organisation's rows and filtering them).
        Map<String, ActivityFilter> filters = Map.of(
                "organization_id =", ActivityFilter.ALL,
                "model =", ActivityFilter.ALL.withModel("m/3"),
                "provider =", ActivityFilter.ALL.withProvider("p2"),
                "api_key_id =", ActivityFilter.ALL.withKey(key()),
                "app =", ActivityFilter.ALL.withApp("App 5"),
                "created_at >=",
                        ActivityFilter.ALL.between(
                                Instant.parse("2026-11-10T00:00:00Z"), Instant.parse("2026-11-12T00:00:00Z")),
                "created_at <",
                        ActivityFilter.ALL
                                .withModel("m/1")
                                .between(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-20T00:00:00Z")));
        for (Map.Entry<String, ActivityFilter> filter : filters.entrySet()) {
            for (Optional<Position> after : List.of(Optional.<Position>empty(), Optional.of(somewhere))) {
                String what = filter.getValue() + (after.isPresent() ? " after a position" : "");
                JsonObject plan =
                        readsAnIndexOnly(what, GenerationHistory.pageQuery(ORG, filter.getValue(), after, 50));
                assertTrue(
                        scans("generation", plan).stream()
                                .flatMap(scan -> indexConditions(scan).stream())
                                .anyMatch(condition -> condition.contains(filter.getKey())),
                        what + " narrows the index by " + filter.getKey() + ": " + plan);
            }
        }
    }

    @Test
    void aLaterPageStartsAtItsPositionInTheIndex() throws SQLException {
        Position somewhere = new Position(Instant.parse("2026-11-15T00:00:00Z"), "gen-10080");
        JsonObject scan = scans(
                        "generation",
                        plan(GenerationHistory.pageQuery(ORG, ActivityFilter.ALL, Optional.of(somewhere), 50)))
                .get(0);
        assertTrue(
                indexConditions(scan).stream().anyMatch(condition -> condition.contains("created_at <=")),
                "the position bounds the index scan, not a filter after it: " + scan);
    }

    @Test
    void theFilterListsAndTheOverviewReadIndexesToo() throws SQLException {
        for (String column : List.of("g.model", "g.provider", "g.app")) {
            readsAnIndexOnly(
                    "the list of " + column,
                    new GenerationHistory.Query(GenerationHistory.distinct(column), List.of(ORG, ORG)));
        }
        readsAnIndexOnly(
                "usage_hourly",
                "the overview",
                new GenerationHistory.Query(
                        GenerationHistory.OVERVIEW,
                        List.of(
                                ORG,
                                Instant.parse("2026-11-01T00:00:00Z").atOffset(ZoneOffset.UTC),
                                Instant.parse("2026-11-22T00:00:00Z").atOffset(ZoneOffset.UTC))));
    }

    private static UUID key() {
        return UUID.fromString("10000000-0000-0000-0000-0000000000a1");
    }

    private static JsonObject readsAnIndexOnly(String what, GenerationHistory.Query query) throws SQLException {
        return readsAnIndexOnly("generation", what, query);
    }

    private static JsonObject readsAnIndexOnly(String table, String what, GenerationHistory.Query query)
            throws SQLException {
        JsonObject plan = plan(query);
        List<JsonObject> scans = scans(table, plan);
        assertFalse(scans.isEmpty(), what + " reads " + table + ": " + plan);
        for (JsonObject scan : scans) {
            assertFalse(scan.getString("Node Type").equals("Seq Scan"), what + " reads the whole table: " + plan);
            // An index scan names its index; a bitmap heap scan reads the rows its bitmap index scans found.
            assertFalse(indexConditions(scan).isEmpty(), what + " reads by an index condition: " + plan);
        }
        return plan;
    }

    /** The index conditions of a scan and of the bitmap index scans under it. */
    private static List<String> indexConditions(JsonObject node) {
        List<String> found = new ArrayList<>();
        if (node.containsKey("Index Name") && node.containsKey("Index Cond")) {
            found.add(node.getString("Index Cond"));
        }
        if (node.containsKey("Plans")) {
            for (JsonValue child : node.getJsonArray("Plans")) {
                found.addAll(indexConditions(child.asJsonObject()));
            }
        }
        return found;
    }

    /** The plan's nodes that read the table, in plan order. */
    private static List<JsonObject> scans(String table, JsonObject node) {
        List<JsonObject> found = new ArrayList<>();
        if (table.equals(node.getString("Relation Name", ""))) {
            found.add(node);
        }
        if (node.containsKey("Plans")) {
            for (JsonValue child : node.getJsonArray("Plans")) {
                found.addAll(scans(table, child.asJsonObject()));
            }
        }
        return found;
    }

    private static JsonObject plan(GenerationHistory.Query query) throws SQLException {
        return TenantScope.tenant(ORG).call(() -> {
            try (Connection connection = database.getConnection();
                    PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + query.sql())) {
                GenerationHistory.Query.bind(explain, query.parameters());
                try (ResultSet rows = explain.executeQuery()) {
                    rows.next();
                    return WireJson.parse(rows.getString(1))
                            .asJsonArray()
                            .getJsonObject(0)
                            .getJsonObject("Plan");
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
