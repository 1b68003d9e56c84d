package dev.tollgate.web.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.LedgerChecks;
import dev.tollgate.web.support.OpenHolds;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.TollgateProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tollgate's PostgreSQL stopped (fast shutdown: sessions cut mid-transaction) under a load of paid calls, then started
 * again on the same port and data: while it is away every call is answered 503 in OpenRouter's envelope, or, for a
 * stream that had begun, ended by an error chunk; readiness says not ready; once it is back calls succeed again
 * without Tollgate being restarted; and nothing is half-written: the ledger balances, each call that reported a cost
 * is settled once at that cost, every settlement has its generation and every generation with a cost its
 * settlement, every hold is released, and the balance is the grant less the generations' costs (docs/decisions.md,
 * "Faults at home").
 */
class DatabaseOutageIT {

    private static final Duration START = Duration.ofSeconds(180);
    private static final String MODEL = "meta-llama/llama-3.1-8b-instruct";
    private static final BigDecimal GRANTED = new BigDecimal("100");
    private static final int CALLERS = 6;

    @TempDir
    Path dataDir;

    /** One call as its caller saw it. */
    private record Outcome(long startedNanos, long endedNanos, boolean stream, int status, String body, String retry) {

        boolean within(long fromNanos, long toNanos) {
            return startedNanos > fromNanos && endedNanos < toNanos;
        }

        /** The cost the answer reported, if it reported one. */
        Optional<BigDecimal> cost() {
            if (status != 200) {
                return Optional.empty();
            }
            return lastData(body, stream)
                    .filter(last -> last.containsKey("usage"))
                    .map(last ->
                            last.getJsonObject("usage").getJsonNumber("cost").bigDecimalValue());
        }

        /** The error the answer carried: its envelope, or a stream's error chunk. */
        Optional<JsonObject> error() {
            return lastData(body, stream)
                    .filter(last -> last.containsKey("error"))
                    .map(last -> last.getJsonObject("error"));
        }

        String generation() {
            return lastData(body, stream).map(last -> last.getString("id")).orElseThrow();
        }
    }

    @Test
    void whileTheDatabaseIsAwayCallsAre503AndNothingIsHalfWritten() throws Exception {
        int databasePort = TollgateProcess.freePort();
        Path databaseDir = dataDir.resolve("postgres");
        EmbeddedPostgres database = postgres(databaseDir, databasePort);
        String token = "outage-operator-" + UUID.randomUUID();
        Map<String, String> settings = Map.of(
                "TOLLGATE_DB_URL", "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres",
                "TOLLGATE_DB_USER", "postgres",
                "TOLLGATE_DB_PASSWORD", "postgres",
                "TOLLGATE_DB_CONNECTION_TIMEOUT_MS", "1000",
                "TOLLGATE_ADMIN_TOKEN", token,
                "TOLLGATE_DEMO", "true",
                "TOLLGATE_BILLING_HOLD_TIMEOUT_SECONDS", "5",
                "TOLLGATE_BILLING_SWEEP_INTERVAL_SECONDS", "1");
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> callers = new ArrayList<>();
        // Started, then awaited inside the try: a start that never gets ready must still be stopped.
        try (TollgateProcess tollgate = TollgateProcess.startOnFreePort(dataDir.resolve("tollgate"), settings)) {
            tollgate.awaitReady(START);
            URI base = tollgate.uri("/");
            Organisation organisation =
                    Organisation.funded(new OperatorClient(base, token), "Outage " + UUID.randomUUID(), "100");
            OperatorClient manager = new OperatorClient(base, organisation.managementKey());
            String key = organisation.inferenceKey(base);
            for (int i = 0; i < CALLERS; i++) {
                boolean stream = i % 2 == 0;
                Thread caller = new Thread(() -> callUntilStopped(base, key, stream, running, outcomes));
                caller.start();
                callers.add(caller);
            }
            awaitOutcomes(outcomes, 0, outcome -> outcome.cost().isPresent(), 20);

            database.close(); // pg_ctl stop -m fast: open sessions are terminated, their transactions rolled back
            long away = System.nanoTime();
            HttpResponse<String> readiness = Http.get(tollgate.uri("/health/ready"));
            OperatorClient.Answer credits = manager.get("/api/v1/credits");
            awaitOutcomes(outcomes, away, outcome -> true, 4 * CALLERS);
            long back = System.nanoTime();
            database = postgres(databaseDir, databasePort);
            long up = System.nanoTime();
            Outcome resumed =
                    awaitOutcomes(outcomes, up, outcome -> outcome.cost().isPresent(), 10);
            running.set(false);
            for (Thread caller : callers) {
                caller.join(30_000);
            }

            assertEquals(503, readiness.statusCode(), "not ready while the database is away: " + readiness.body());
            assertTrue(readiness.body().contains("\"database\""), readiness.body());
            assertUnavailable(credits.status(), credits.raw(), "GET /api/v1/credits");
            List<Outcome> duringOutage = outcomes.stream()
                    .filter(outcome -> outcome.within(away, back))
                    .toList();
            assertTrue(duringOutage.size() >= 4 * CALLERS, "calls while away: " + duringOutage.size());
            for (Outcome outcome : duringOutage) {
                if (outcome.status() == 200) {
                    // A stream that had begun: its status is said, so it ends with an error chunk, never a cost.
                    assertTrue(outcome.stream(), outcome.body());
                    JsonObject error = outcome.error().orElseThrow(() -> new AssertionError(outcome.body()));
                    assertEquals(503, error.getInt("code"), outcome.body());
                    assertUnavailableMessage(error.getString("message"));
                } else {
                    assertUnavailable(outcome.status(), outcome.body(), "a call while away");
                    assertEquals("2", outcome.retry(), "Retry-After");
                }
            }
            for (Outcome outcome : outcomes) {
                assertTrue(outcome.status() == 200 || outcome.status() == 503, outcome.status() + outcome.body());
                if (outcome.status() == 200) {
                    assertTrue(
                            outcome.cost().isPresent() || outcome.error().isPresent(),
                            "an answer either reports its cost or ends with an error: " + outcome.body());
                }
            }
            assertTrue(resumed.endedNanos() > up, "resumed after the database came back, Tollgate untouched");
            System.out.printf(
                    "DatabaseOutageIT: %d calls, %d while away (%d answered 503, %d streams ended by an error chunk),"
                            + " the longest of those %d ms; first paid call %d ms after PostgreSQL was back%n",
                    outcomes.size(),
                    duringOutage.size(),
                    duringOutage.stream().filter(o -> o.status() == 503).count(),
                    duringOutage.stream().filter(o -> o.status() == 200).count(),
                    duringOutage.stream()
                                    .mapToLong(o -> o.endedNanos() - o.startedNanos())
                                    .max()
                                    .orElse(0)
                            / 1_000_000,
                    (resumed.endedNanos() - up) / 1_000_000);

            tollgate.awaitReady(START);
            try (Connection ledger = connect(databasePort)) {
                awaitQuiet(ledger, organisation.id());
                assertEquals(Map.of(), OpenHolds.byId(ledger, organisation.id()), "every hold released");
                assertEquals(List.of(), LedgerChecks.halfWritten(ledger, organisation.id()));
                LedgerChecks.assertBalanced(ledger);
                for (Outcome outcome : outcomes) {
                    if (outcome.cost().isPresent()) {
                        LedgerChecks.assertSettledOnceAt(
                                ledger, outcome.generation(), outcome.cost().get());
                    }
                }
                BigDecimal generationCosts = LedgerChecks.generationCosts(ledger, organisation.id());
                JsonObject balance = manager.get("/api/v1/credits").body().getJsonObject("data");
                assertEquals(
                        0,
                        GRANTED.compareTo(balance.getJsonNumber("total_credits").bigDecimalValue()));
                assertEquals(
                        0,
                        generationCosts.compareTo(
                                balance.getJsonNumber("total_usage").bigDecimalValue()),
                        "the balance is the grant less the generations' costs");
            }
        } finally {
            running.set(false);
            database.close();
        }
    }

    /** PostgreSQL in this folder on this port; started afresh the first time, on the same data after. */
    private static EmbeddedPostgres postgres(Path folder, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(folder)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    /**
     * Waits until {@code count} calls that started after {@code sinceNanos} have ended as {@code wanted}; returns the
     * first such. Bounded: fails after a minute.
     */
    private static Outcome awaitOutcomes(
            ConcurrentLinkedQueue<Outcome> outcomes, long sinceNanos, Predicate<Outcome> wanted, int count)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            List<Outcome> matching = outcomes.stream()
                    .filter(outcome -> outcome.startedNanos() > sinceNanos && wanted.test(outcome))
                    .sorted(Comparator.comparingLong(Outcome::endedNanos))
                    .toList();
            if (matching.size() >= count) {
                return matching.get(0);
            }
            Thread.sleep(50);
        }
        Map<String, Long> since = outcomes.stream()
                .filter(outcome -> outcome.startedNanos() > sinceNanos)
                .collect(Collectors.groupingBy(
                        outcome -> "HTTP " + outcome.status() + " in "
                                + (outcome.endedNanos() - outcome.startedNanos()) / 1_000_000_000 + " s",
                        TreeMap::new,
                        Collectors.counting()));
        throw new AssertionError("fewer than " + count + " calls as wanted within a minute; since then: " + since);
    }

    /**
     * Waits until the organisation's holds are all released (leases given back when idle, cut-off ones swept) and
     * every settlement has its generation (the generations' writer retries until the database takes them).
     */
    private static void awaitQuiet(Connection ledger, String organisation) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while ((!OpenHolds.byId(ledger, organisation).isEmpty()
                        || !LedgerChecks.halfWritten(ledger, organisation).isEmpty())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
    }

    private static void assertUnavailable(int status, String body, String what) {
        assertEquals(503, status, what + ": " + body);
        JsonObject error;
        try (var reader = Json.createReader(new StringReader(body))) {
            error = reader.readObject().getJsonObject("error");
        }
        assertEquals(503, error.getInt("code"), body);
        assertUnavailableMessage(error.getString("message"));
    }

    private static void assertUnavailableMessage(String message) {
        assertTrue(message.contains("unavailable") && message.contains("Retry"), message);
        assertFalse(message.contains("Exception") || message.contains("\tat ") || message.contains("jdbc"), message);
    }

    /** Calls until told to stop; every answer, whatever it is, is kept. */
    private static void callUntilStopped(
            URI base, String key, boolean stream, AtomicBoolean running, ConcurrentLinkedQueue<Outcome> outcomes) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (running.get()) {
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(
                        Http.chatCompletion(base, key, MODEL, stream, Duration.ofSeconds(30)),
                        HttpResponse.BodyHandlers.ofString());
                outcomes.add(new Outcome(
                        started,
                        System.nanoTime(),
                        stream,
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Retry-After").orElse("")));
            } catch (IOException noAnswer) {
                // A call without any answer (a hang cut by the timeout, a connection closed) fails the test.
                outcomes.add(new Outcome(started, System.nanoTime(), stream, 0, noAnswer.toString(), ""));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The answer's JSON, or a stream's last data event. */
    private static Optional<JsonObject> lastData(String body, boolean stream) {
        String json = body;
        if (stream && body.contains("data: ")) {
            json = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("data: {")) {
                    json = line.substring("data: ".length());
                }
            }
        }
        if (json == null || !json.startsWith("{")) {
            return Optional.empty();
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            return Optional.of(reader.readObject());
        }
    }
}
