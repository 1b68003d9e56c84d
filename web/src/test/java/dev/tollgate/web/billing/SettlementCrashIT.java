package dev.tollgate.web.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.OpenHolds;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.TollgateProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar killed with SIGKILL in the middle of a load of paid calls, then started again: every call that
 * told its caller a cost is settled at exactly that cost, once; the holds of the calls cut off are released by the
 * sweeper; and the ledger balances to the last digit (docs/decisions.md, "Settlement").
 */
class SettlementCrashIT {

    private static final Duration START = Duration.ofSeconds(180);
    private static final String MODEL = "meta-llama/llama-3.1-8b-instruct";
    private static final BigDecimal GRANTED = new BigDecimal("100");

    @TempDir
    Path dataDir;

    @Test
    void aKilledGatewayLosesNoSettlementAndDoublesNone() throws Exception {
        int databasePort = TollgateProcess.freePort();
        String token = "crash-operator-" + UUID.randomUUID();
        Map<String, String> settings = Map.of(
                "TOLLGATE_ADMIN_TOKEN", token,
                "TOLLGATE_DEMO", "true",
                "TOLLGATE_DB_EMBEDDED_PORT", Integer.toString(databasePort),
                "TOLLGATE_BILLING_HOLD_TIMEOUT_SECONDS", "5",
                "TOLLGATE_BILLING_SWEEP_INTERVAL_SECONDS", "1");
        int port = TollgateProcess.freePort();
        Map<String, BigDecimal> reported = new ConcurrentHashMap<>();
        Organisation organisation;
        try (TollgateProcess tollgate =
                TollgateProcess.start(dataDir, port, settings).awaitReady(START)) {
            URI base = tollgate.uri("/");
            organisation = Organisation.funded(new OperatorClient(base, token), "Crash " + UUID.randomUUID(), "100");
            String key = organisation.inferenceKey(base);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                boolean stream = i % 2 == 0;
                Thread caller = new Thread(() -> callUntilStopped(base, key, stream, running, reported));
                caller.start();
                callers.add(caller);
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (reported.size() < 40 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            tollgate.kill();
            running.set(false);
            for (Thread caller : callers) {
                caller.join(30_000);
            }
        }
        assertTrue(reported.size() >= 40, "calls answered before the kill: " + reported.size());

        // The embedded PostgreSQL outlives the killed JVM: what was cut off is still on hold there.
        int openAtKill;
        try (Connection database = connect(databasePort)) {
            openAtKill = OpenHolds.of(database, organisation.id());
        }
        assertTrue(openAtKill > 0, "some calls were in flight when the gateway died");

        try (TollgateProcess restarted =
                        TollgateProcess.start(dataDir, port, settings).awaitReady(START);
                Connection database = connect(databasePort)) {
            Instant deadline = Instant.now().plusSeconds(60);
            while (OpenHolds.of(database, organisation.id()) > 0
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
            }
            assertEquals(0, OpenHolds.of(database, organisation.id()), "the sweeper released every cut-off hold");
            for (Map.Entry<String, BigDecimal> call : reported.entrySet()) {
                assertSettledOnceAt(database, call.getKey(), call.getValue());
            }
            assertBalanced(database);
            BigDecimal spent = usage(database, organisation.id());
            assertTrue(spent.compareTo(sum(reported)) >= 0, "every reported cost is in the ledger");
            JsonObject credits = new OperatorClient(restarted.uri("/"), organisation.managementKey())
                    .get("/api/v1/credits")
                    .body()
                    .getJsonObject("data");
            assertEquals(
                    0, GRANTED.compareTo(credits.getJsonNumber("total_credits").bigDecimalValue()));
            assertEquals(0, spent.compareTo(credits.getJsonNumber("total_usage").bigDecimalValue()));
        }
    }

    /** Calls until told to stop or the gateway dies; each answer that reports a cost is remembered by generation. */
    private static void callUntilStopped(
            URI base, String key, boolean stream, AtomicBoolean running, Map<String, BigDecimal> reported) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (running.get()) {
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(base.resolve("/api/v1/chat/completions"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + key)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"stream\":"
                                        + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    continue;
                }
                String generation =
                        response.headers().firstValue("X-Generation-Id").orElseThrow();
                costOf(response.body(), stream).ifPresent(cost -> reported.put(generation, cost));
            } catch (java.io.IOException gatewayGone) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static java.util.Optional<BigDecimal> costOf(String body, boolean stream) {
        String json = body;
        if (stream) {
            json = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("data: {") && line.contains("\"usage\"")) {
                    json = line.substring("data: ".length());
                }
            }
            if (json == null) {
                return java.util.Optional.empty(); // cut off before its usage chunk: the caller was told nothing
            }
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            JsonObject usage = reader.readObject().getJsonObject("usage");
            return java.util.Optional.of(usage.getJsonNumber("cost").bigDecimalValue());
        }
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/tollgate", "postgres", "");
    }

    private static void assertSettledOnceAt(Connection database, String generation, BigDecimal cost)
            throws SQLException {
        try (PreparedStatement select = database.prepareStatement("SELECT count(*) FILTER (WHERE code = 'usage_cost'),"
                + " count(*) FILTER (WHERE code = 'usage_margin'), coalesce(sum(amount), 0) FROM ledger_transfer"
                + " WHERE reference = ? AND state = 'posted' AND code IN ('usage_cost', 'usage_margin')")) {
            select.setString(1, generation);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                assertEquals(1, row.getInt(1), generation + ": one transfer to the provider");
                assertEquals(1, row.getInt(2), generation + ": one to the margin");
                assertEquals(0, cost.compareTo(row.getBigDecimal(3)), generation + ": settled at what it reported");
            }
        }
    }

    /** Debits equal credits over the whole ledger, and every account's running sums equal its transfers. */
    private static void assertBalanced(Connection database) throws SQLException {
        try (PreparedStatement select = database.prepareStatement(
                        "SELECT sum(debits_posted) - sum(credits_posted), (SELECT count(*) FROM ledger_account a"
                                + " WHERE a.debits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t"
                                + "   WHERE t.debit_account = a.id AND t.state = 'posted')"
                                + " OR a.credits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t"
                                + "   WHERE t.credit_account = a.id AND t.state = 'posted')"
                                + " OR a.debits_pending <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t"
                                + "   WHERE t.debit_account = a.id AND t.state = 'pending' AND NOT EXISTS"
                                + "   (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = t.id))) FROM ledger_account");
                ResultSet row = select.executeQuery()) {
            row.next();
            assertEquals(0, row.getBigDecimal(1).signum(), "debits equal credits");
            assertEquals(0, row.getInt(2), "running sums equal the transfers");
        }
    }

    private static BigDecimal usage(Connection database, String organisationId) throws SQLException {
        try (PreparedStatement select = database.prepareStatement("SELECT coalesce(sum(t.amount), 0)"
                + " FROM ledger_transfer t JOIN ledger_account a ON a.id = t.debit_account"
                + " WHERE a.kind = 'org_credits' AND a.owner = ? AND t.state = 'posted'"
                + " AND t.code IN ('usage_cost', 'usage_margin')")) {
            select.setString(1, organisationId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        }
    }

    private static BigDecimal sum(Map<String, BigDecimal> costs) {
        return costs.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
