package dev.tollgate.web.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.FakeUpstream;
import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.LedgerChecks;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.TollgateProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the runnable jar, clustered over Payara Micro's Hazelcast on loopback, against one PostgreSQL
 * (docs/decisions.md, "Replicas share one truth"): what is changed through one is in force on the other within a
 * bounded wait, the other's health statistics include the calls the first made, and one organisation hit through both
 * at once never spends more than it has, each call settled once.
 */
class TwoReplicasIT {

    private static final Duration START = Duration.ofSeconds(240);
    /** Far above the second the cluster needs; a replica that only expired its cache would take 30 s. */
    private static final Duration PROPAGATION = Duration.ofSeconds(5);

    private static final String TOKEN = "cluster-operator-" + UUID.randomUUID();
    private static final String SECRET_KEY = "Y2x1c3Rlci1pdC1jcmVkZW50aWFsLWtleS0zMi1ieXQ=";

    private static EmbeddedPostgres postgres;
    private static FakeUpstream upstream;
    private static TollgateProcess replicaA;
    private static TollgateProcess replicaB;

    @TempDir
    static Path dataDirs;

    private static String provider;

    @BeforeAll
    static void startTwoClusteredReplicas() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        upstream = FakeUpstream.start();
        int hazelcastA = TollgateProcess.freePort();
        int hazelcastB = TollgateProcess.freePort();
        String members = "127.0.0.1:" + hazelcastA + ",127.0.0.1:" + hazelcastB;
        String cluster = "it-" + UUID.randomUUID();
        // Started together: each migrates or waits for the other's migration, as replicas of a rollout do.
        replicaA = start("a", cluster, members, hazelcastA);
        replicaB = start("b", cluster, members, hazelcastB);
        replicaA.awaitReady(START);
        replicaB.awaitReady(START);
        awaitMembers(replicaA, 2);
        awaitMembers(replicaB, 2);
        provider = "fake-" + UUID.randomUUID().toString().substring(0, 8);
        created(operator(replicaA)
                .post(
                        "/api/admin/v1/providers",
                        "{\"slug\":\"" + provider + "\",\"name\":\"Fake\",\"protocol\":\"openai\",\"base_url\":\""
                                + upstream.url("openai") + "\"}"));
    }

    private static TollgateProcess start(String name, String cluster, String members, int hazelcastPort)
            throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("TOLLGATE_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        settings.put("TOLLGATE_DB_USER", "postgres");
        settings.put("TOLLGATE_DB_PASSWORD", "postgres");
        settings.put("TOLLGATE_ADMIN_TOKEN", TOKEN);
        settings.put("TOLLGATE_SECRET_KEY", SECRET_KEY);
        settings.put("TOLLGATE_DEMO", "false");
        settings.put("TOLLGATE_CLUSTER", "true");
        settings.put("TOLLGATE_CLUSTER_NAME", cluster);
        settings.put("TOLLGATE_CLUSTER_MEMBERS", members);
        settings.put("TOLLGATE_CLUSTER_PORT", Integer.toString(hazelcastPort));
        // Loopback only: left to itself, Hazelcast listens everywhere and advertises the outward interface.
        settings.put("TOLLGATE_CLUSTER_INTERFACE", "127.0.0.1");
        return TollgateProcess.startOnFreePort(Files.createDirectories(dataDirs.resolve(name)), settings);
    }

    @AfterAll
    static void stop() throws Exception {
        for (TollgateProcess replica : new TollgateProcess[] {replicaA, replicaB}) {
            if (replica != null) {
                replica.close();
            }
        }
        if (upstream != null) {
            upstream.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aKeyDisabledOnOneReplicaIsRefusedByTheOtherAtOnce() throws Exception {
        String model = model("keys");
        Organisation org = Organisation.funded(operator(replicaA), "Cluster keys " + UUID.randomUUID(), "10");
        Answer issued =
                new OperatorClient(replicaA.uri("/"), org.managementKey()).post("/api/v1/keys", "{\"name\":\"a\"}");
        created(issued);
        String key = issued.body().getString("key");
        awaitStatus(replicaB, key, model, 200); // B routes the new model, and now holds the key in memory

        Answer disabled = new OperatorClient(replicaA.uri("/"), org.managementKey())
                .patch("/api/v1/keys/" + hashOf(issued), "{\"disabled\": true}");
        assertEquals(200, disabled.status(), disabled.raw());
        Instant changed = Instant.now();

        awaitStatus(replicaB, key, model, 401);
        System.out.println("replica B refused the key disabled on A after "
                + Duration.between(changed, Instant.now()).toMillis() + " ms");

        Answer other =
                new OperatorClient(replicaB.uri("/"), org.managementKey()).post("/api/v1/keys", "{\"name\":\"b\"}");
        created(other);
        String second = other.body().getString("key");
        assertEquals(200, chat(replicaA, second, model).status());
        assertEquals(
                200,
                new OperatorClient(replicaB.uri("/"), org.managementKey())
                        .delete("/api/v1/keys/" + hashOf(other))
                        .status());
        awaitStatus(replicaA, second, model, 401);
    }

    @Test
    void aCatalogChangeOnOneReplicaIsRoutedByTheOther() throws Exception {
        Organisation org = Organisation.funded(operator(replicaA), "Cluster catalog " + UUID.randomUUID(), "1");
        String key = org.inferenceKey(replicaB.uri("/"));
        String model = model("catalog");
        awaitStatus(replicaB, key, model, 200);
        String endpointId = operator(replicaA)
                .get("/api/admin/v1/endpoints")
                .body()
                .getJsonArray("data")
                .getValuesAs(JsonObject.class)
                .stream()
                .filter(found -> found.getString("model").equals(model))
                .findFirst()
                .orElseThrow()
                .getString("id");

        Answer repriced = operator(replicaA).patch("/api/admin/v1/endpoints/" + endpointId, "{\"margin\": \"0.5\"}");
        assertEquals(200, repriced.status(), repriced.raw());

        // 0.000001 USD a prompt token at cost, plus half: what B lists and charges from now on.
        awaitUntil(
                () -> new BigDecimal(endpointsOn(replicaB, model)
                                        .getJsonObject(0)
                                        .getJsonObject("pricing")
                                        .getString("prompt"))
                                .compareTo(new BigDecimal("0.0000015"))
                        == 0,
                "replica B lists the margin set on A");
    }

    @Test
    void healthMeasuredOnOneReplicaShowsOnTheOther() throws Exception {
        String model = model("health");
        Organisation org = Organisation.funded(operator(replicaA), "Cluster health " + UUID.randomUUID(), "10");
        String key = org.inferenceKey(replicaA.uri("/"));
        awaitUntil(() -> endpointsOn(replicaB, model).size() == 1, "replica B has the model");
        JsonObject before = endpointsOn(replicaB, model).getJsonObject(0);
        assertEquals(JsonValue.NULL, before.get("uptime_last_30m"), "nobody has called it yet");

        for (int i = 0; i < 5; i++) {
            assertEquals(200, chat(replicaA, key, model).status());
        }

        awaitUntil(
                () -> {
                    JsonObject seen = endpointsOn(replicaB, model).getJsonObject(0);
                    return seen.get("uptime_last_30m") instanceof jakarta.json.JsonNumber
                            && seen.get("latency_last_30m") instanceof JsonObject;
                },
                "replica B's statistics include the calls made through A");
        JsonObject after = endpointsOn(replicaB, model).getJsonObject(0);
        assertEquals(100.0, after.getJsonNumber("uptime_last_30m").doubleValue());
    }

    @Test
    void oneOrganisationHitThroughBothReplicasAtOnceSpendsAtMostItsBalanceEachCallSettledOnce() throws Exception {
        String model = model("ledger");
        BigDecimal perCall = InferenceMarketplace.listCost(12, 3);
        BigDecimal balance = perCall.multiply(BigDecimal.TEN);
        Organisation org =
                Organisation.funded(operator(replicaA), "Cluster ledger " + UUID.randomUUID(), balance.toPlainString());
        String key = org.inferenceKey(replicaA.uri("/"));
        awaitUntil(() -> endpointsOn(replicaB, model).size() == 1, "replica B has the model");

        ExecutorService callers = Executors.newFixedThreadPool(16);
        List<Future<Reply>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                TollgateProcess replica = i % 2 == 0 ? replicaA : replicaB;
                calls.add(callers.submit(() -> chat(replica, key, model)));
            }
            Set<String> generations = new HashSet<>();
            int refused = 0;
            for (Future<Reply> call : calls) {
                Reply reply = call.get();
                if (reply.status() == 200) {
                    assertEquals(0, perCall.compareTo(reply.cost()), reply.body());
                    generations.add(reply.generation());
                } else {
                    assertEquals(402, reply.status(), reply.body());
                    refused++;
                }
            }
            int answered = generations.size();
            assertTrue(answered >= 1 && answered <= 10, "answered " + answered);
            assertEquals(60, answered + refused);

            JsonObject credits = new OperatorClient(replicaB.uri("/"), org.managementKey())
                    .get("/api/v1/credits")
                    .body()
                    .getJsonObject("data");
            BigDecimal usage = credits.getJsonNumber("total_usage").bigDecimalValue();
            assertEquals(0, perCall.multiply(BigDecimal.valueOf(answered)).compareTo(usage), "usage " + usage);
            assertTrue(usage.compareTo(balance) <= 0, "spent " + usage + " of " + balance);
            assertEquals(generations, settledOnce(org.id()));
            for (TollgateProcess replica : new TollgateProcess[] {replicaA, replicaB}) {
                JsonObject summary =
                        operator(replica).get("/api/admin/v1/ledger/summary").body();
                assertTrue(summary.getBoolean("balanced"), summary.toString());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** A new model served by the fake provider, added through replica A; its id. */
    private static String model(String name) throws Exception {
        String id = "cluster-" + UUID.randomUUID().toString().substring(0, 8) + "/" + name;
        OperatorClient operator = operator(replicaA);
        created(operator.post(
                "/api/admin/v1/models",
                "{\"id\":\"" + id + "\",\"name\":\"Cluster " + name + "\",\"context_length\":32000,"
                        + "\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]}"));
        created(operator.post(
                "/api/admin/v1/endpoints",
                "{\"model\":\"" + id + "\",\"provider\":\"" + provider + "\",\"upstream_model\":\"upstream-" + name
                        + "\",\"cost\":{\"prompt\":\"" + InferenceMarketplace.PROMPT_COST.toPlainString()
                        + "\",\"completion\":\"" + InferenceMarketplace.COMPLETION_COST.toPlainString()
                        + "\"},\"margin\":\"" + InferenceMarketplace.MARGIN + "\",\"context_length\":32000}"));
        return id;
    }

    /** The generations of the organisation with exactly one posted transfer to the provider each (or fails). */
    private static Set<String> settledOnce(String organisationId) throws Exception {
        Map<String, Integer> transfers = new HashMap<>();
        try (Connection database = postgres.getPostgresDatabase().getConnection();
                PreparedStatement select = database.prepareStatement("SELECT t.reference, count(*)"
                        + " FROM ledger_transfer t JOIN ledger_account a ON a.id = t.debit_account"
                        + " WHERE a.kind = 'org_credits' AND a.owner = ? AND t.state = 'posted'"
                        + " AND t.code = 'usage_cost' GROUP BY t.reference")) {
            LedgerChecks.postJournal(database);
            select.setString(1, organisationId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    transfers.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        transfers.forEach((generation, count) -> assertEquals(1, count, generation + " settled " + count + " times"));
        return transfers.keySet();
    }

    private record Reply(int status, String body, String generation, BigDecimal cost) {}

    private static Reply chat(TollgateProcess replica, String key, String model) throws Exception {
        Answer answer = new OperatorClient(replica.uri("/"), key)
                .post(
                        "/api/v1/chat/completions",
                        "{\"model\":\"" + model + "\",\"max_tokens\":3,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        if (answer.status() != 200) {
            return new Reply(answer.status(), answer.raw(), null, null);
        }
        return new Reply(
                200,
                answer.raw(),
                answer.body().getString("id"),
                answer.body().getJsonObject("usage").getJsonNumber("cost").bigDecimalValue());
    }

    private static jakarta.json.JsonArray endpointsOn(TollgateProcess replica, String model) throws Exception {
        Answer answer = new OperatorClient(replica.uri("/"), null).get("/api/v1/models/" + model + "/endpoints");
        if (answer.status() == 404) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        assertEquals(200, answer.status(), answer.raw());
        return answer.body().getJsonObject("data").getJsonArray("endpoints");
    }

    private static void awaitStatus(TollgateProcess replica, String key, String model, int status) throws Exception {
        awaitUntil(
                () -> chat(replica, key, model).status() == status,
                "replica on " + replica.uri("/") + " answers " + status);
    }

    /** Polls until the condition holds, for at most {@link #PROPAGATION}; fails with {@code what} otherwise. */
    private static void awaitUntil(Callable<Boolean> condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(PROPAGATION);
        while (!condition.call()) {
            assertTrue(Instant.now().isBefore(deadline), what + " within " + PROPAGATION);
            Thread.sleep(50);
        }
    }

    private static void awaitMembers(TollgateProcess replica, int members) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (true) {
            JsonObject health =
                    new OperatorClient(replica.uri("/"), null).get("/health").body();
            JsonObject cluster = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(check -> check.getString("name").equals("cluster"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no cluster check in " + health));
            // Payara writes health data as strings.
            if (cluster.getJsonObject("data")
                    .get("members")
                    .toString()
                    .replace("\"", "")
                    .equals(Integer.toString(members))) {
                return;
            }
            assertTrue(Instant.now().isBefore(deadline), "the replicas see each other: " + cluster);
            Thread.sleep(250);
        }
    }

    private static OperatorClient operator(TollgateProcess replica) {
        return new OperatorClient(replica.uri("/"), TOKEN);
    }

    private static void created(Answer answer) {
        assertEquals(201, answer.status(), answer.raw());
    }

    private static String hashOf(Answer issuedKey) {
        return issuedKey.body().getJsonObject("data").getString("hash");
    }
}
