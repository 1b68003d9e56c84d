package dev.tollgate.web.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.LedgerChecks;
import dev.tollgate.web.support.OpenHolds;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.TollgateProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * sweeper, the killed replica's lease of credit among them, each voided; and the ledger balances to the last digit
 * (docs/decisions.md, "Settlement" and "Calls are held against a lease of credit").
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
        // Started, then awaited inside the try: a start that never gets ready must still be stopped.
        try (TollgateProcess tollgate = TollgateProcess.start(dataDir, port, settings)) {
            tollgate.awaitReady(START);
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
        Map<String, String> openAtKill;
        try (Connection database = connect(databasePort)) {
            openAtKill = OpenHolds.byId(database, organisation.id());
        }
        assertTrue(!openAtKill.isEmpty(), "some calls were in flight when the gateway died");
        // Calls of a key without a limit are held against a lease of credit: the killed replica's lease was open.
        assertTrue(openAtKill.containsValue("credit_lease"), "a lease of credit was cut off: " + openAtKill);

        try (TollgateProcess restarted = TollgateProcess.start(dataDir, port, settings)) {
            restarted.awaitReady(START);
            // Connected once it is ready: at start it stops the old server (smart shutdown waits for sessions).
            try (Connection database = connect(databasePort)) {
                Instant deadline = Instant.now().plusSeconds(60);
                while (OpenHolds.of(database, organisation.id()) > 0
                        && Instant.now().isBefore(deadline)) {
                    Thread.sleep(250);
                }
                assertEquals(0, OpenHolds.of(database, organisation.id()), "the sweeper released every cut-off hold");
                for (Map.Entry<String, String> hold : openAtKill.entrySet()) {
                    // Released, not spent: a cut-off call, or a dead replica's lease, costs the organisation nothing.
                    assertTrue(LedgerChecks.voided(database, hold.getKey()), hold + " was voided");
                }
                for (Map.Entry<String, BigDecimal> call : reported.entrySet()) {
                    LedgerChecks.assertSettledOnceAt(database, call.getKey(), call.getValue());
                }
                LedgerChecks.assertBalanced(database);
                BigDecimal spent = LedgerChecks.usage(database, organisation.id());
                assertTrue(spent.compareTo(sum(reported)) >= 0, "every reported cost is in the ledger");
                JsonObject credits = new OperatorClient(restarted.uri("/"), organisation.managementKey())
                        .get("/api/v1/credits")
                        .body()
                        .getJsonObject("data");
                assertEquals(
                        0,
                        GRANTED.compareTo(credits.getJsonNumber("total_credits").bigDecimalValue()));
                assertEquals(
                        0, spent.compareTo(credits.getJsonNumber("total_usage").bigDecimalValue()));
            }
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
                        Http.chatCompletion(base, key, MODEL, stream, Duration.ofSeconds(20)),
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

    private static BigDecimal sum(Map<String, BigDecimal> costs) {
        return costs.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
