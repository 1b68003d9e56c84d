package dev.tollgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.TollgateProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.JsonValue;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar, started as the README starts it, with its embedded PostgreSQL; and how it refuses to start. */
class RunnableJarIT {

    private static final Duration START = Duration.ofSeconds(180);

    @TempDir
    Path dataDir;

    @Test
    void servesThePortalAndKeepsItsDataAcrossRestarts() throws Exception {
        int port = TollgateProcess.freePort();
        String installationId;
        try (TollgateProcess tollgate = TollgateProcess.start(
                        dataDir, port, Map.of("TOLLGATE_RANKINGS_CACHE_SECONDS", "0"))
                .awaitReady(START)) {
            HttpResponse<String> portal = Http.get(tollgate.uri("/"));
            assertEquals(200, portal.statusCode());
            assertTrue(portal.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(portal.body().contains("window.Vaadin"), portal.body());
            // Payara's settings (preboot.asadmin) are in force, and were applied before the listener was bound: a
            // listener rebound after boot can fail to bind and leave the process serving nothing.
            assertEquals(Optional.empty(), portal.headers().firstValue("Server"));
            assertEquals(Optional.empty(), portal.headers().firstValue("X-Powered-By"));
            assertEquals(
                    1,
                    tollgate.output()
                            .lines()
                            .filter(line -> line.contains("Network Listener http-listener started"))
                            .count(),
                    "the HTTP listener is started once");

            installationId = Http.json(Http.get(tollgate.uri("/api/system"))).getString("installation_id");
            assertEquals(DEMO_MODELS, modelIds(tollgate), "a new installation gets the demo catalog");
            assertEquals(
                    Map.of("Demo Chat", 18, "Demo Notes", 10, "Demo Tutor", 6),
                    demoApps(tollgate),
                    "the demo apps' calls, every one answered, settled and recorded");
        }

        try (TollgateProcess restarted =
                TollgateProcess.start(dataDir, port, Map.of()).awaitReady(START)) {
            String afterRestart =
                    Http.json(Http.get(restarted.uri("/api/system"))).getString("installation_id");
            assertEquals(installationId, afterRestart, "the installation row written by the first start is kept");
            assertEquals(DEMO_MODELS, modelIds(restarted), "the demo catalog is seeded once, not on every start");
            // A killed JVM leaves its embedded PostgreSQL behind; the next start must take the data over anyway.
            restarted.kill();
        }

        try (TollgateProcess afterKill =
                TollgateProcess.start(dataDir, port, Map.of()).awaitReady(START)) {
            String afterCrash =
                    Http.json(Http.get(afterKill.uri("/api/system"))).getString("installation_id");
            assertEquals(installationId, afterCrash, "the data survives a SIGKILL");
        }
    }

    @Test
    void productionModeRefusesToStartWithoutTheCredentialKey() throws Exception {
        TollgateProcess tollgate =
                TollgateProcess.start(dataDir, TollgateProcess.freePort(), Map.of("TOLLGATE_MODE", "production"));

        assertEquals(3, tollgate.awaitExit(START));
        assertOneReason(
                tollgate.output(), "tollgate: invalid setting: TOLLGATE_SECRET_KEY is required in production mode");
    }

    @Test
    void refusesAnUnusableSetting() throws Exception {
        TollgateProcess tollgate =
                TollgateProcess.start(dataDir, TollgateProcess.freePort(), Map.of("TOLLGATE_DB_POOL_SIZE", "lots"));

        assertEquals(3, tollgate.awaitExit(START));
        assertOneReason(tollgate.output(), "tollgate: invalid setting: TOLLGATE_DB_POOL_SIZE must be a whole number");
    }

    @Test
    void refusesAPortThatIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TollgateProcess tollgate = TollgateProcess.start(dataDir, taken.getLocalPort(), Map.of());

            assertEquals(2, tollgate.awaitExit(Duration.ofSeconds(30)));
            assertOneReason(tollgate.output(), "tollgate: port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void stopsWhenTheDatabaseIsUnreachable() throws Exception {
        int closedPort = TollgateProcess.freePort();
        TollgateProcess tollgate = TollgateProcess.start(
                dataDir,
                TollgateProcess.freePort(),
                Map.of("TOLLGATE_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/tollgate"));

        assertEquals(3, tollgate.awaitExit(START));
        assertOneReason(
                tollgate.output(), "tollgate: database unreachable at jdbc:postgresql://127.0.0.1:" + closedPort);
    }

    @Test
    void stopsWhenAMigrationFails() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            try (Connection connection = external.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                // A table of the same name that the first changeset did not make: its CREATE TABLE must fail.
                statement.execute("CREATE TABLE installation (id text)");
            }
            TollgateProcess tollgate = TollgateProcess.start(
                    dataDir,
                    TollgateProcess.freePort(),
                    Map.of(
                            "TOLLGATE_DB_URL", external.getJdbcUrl("postgres", "postgres"),
                            "TOLLGATE_DB_USER", "postgres",
                            "TOLLGATE_DB_PASSWORD", "postgres"));

            assertEquals(3, tollgate.awaitExit(START));
            assertOneReason(tollgate.output(), "tollgate: database migration failed: ");
        }
    }

    private static final List<String> DEMO_MODELS =
            List.of("meta-llama/llama-3.1-8b-instruct", "mistralai/mistral-7b-instruct:free", "openai/gpt-4o-mini");

    private static List<String> modelIds(TollgateProcess tollgate) throws Exception {
        return Http.json(Http.get(tollgate.uri("/api/v1/models"))).getJsonArray("data").stream()
                .map(model -> model.asJsonObject().getString("id"))
                .toList();
    }

    /**
     * The demo apps on today's rankings with their answered calls, once the last app's burst is recorded (generation
     * records are written in batches behind the answers).
     */
    private static Map<String, Integer> demoApps(TollgateProcess tollgate) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        Map<String, Integer> apps = Map.of();
        while (Instant.now().isBefore(deadline)) {
            apps = Http.json(Http.get(tollgate.uri("/api/v1/rankings/apps?period=day"))).getJsonArray("data").stream()
                    .map(JsonValue::asJsonObject)
                    .filter(app -> app.getString("app_id").endsWith(".demo.tollgate.invalid"))
                    .collect(Collectors.toMap(app -> app.getString("app_name"), app -> app.getInt("total_requests")));
            if (apps.getOrDefault("Demo Tutor", 0) == 6) {
                return apps;
            }
            Thread.sleep(500);
        }
        return apps;
    }

    private static void assertOneReason(String output, String reason) {
        List<String> reasons =
                output.lines().filter(line -> line.startsWith("tollgate: ")).toList();
        assertEquals(1, reasons.size(), output);
        assertTrue(reasons.get(0).startsWith(reason), reasons.get(0));
    }
}
