package dev.tollgate.web.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.FakeUpstream;
import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router against providers that fail on command: fallbacks on each kind of failure, {@code allow_fallbacks:
 * false}, {@code models} fallback billed at the model that answered, and a provider tripped by its failures,
 * skipped, probed back to life and deprioritized while its outage is recent. Each test builds its own models, so
 * one test's failures never trip another's endpoints.
 */
class RoutingIT extends DeployedTollgate {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final BigDecimal PROMPT_COST = new BigDecimal("0.000001");
    private static final BigDecimal COMPLETION_COST = new BigDecimal("0.000002");
    private static final BigDecimal MARGIN = new BigDecimal("0.25");

    private URI root;
    private InferenceMarketplace market;
    private FakeUpstream upstream;
    private OperatorClient operator;
    private String suffix;

    @BeforeEach
    void connect() throws Exception {
        root = base.toURI();
        market = InferenceMarketplace.on(root);
        upstream = market.upstream;
        operator = new OperatorClient(root, SharedPostgres.OPERATOR_TOKEN);
        suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    // --- building a marketplace for one test ---------------------------------------------------------------

    /** A provider at a commanded fake upstream; returns its slug (also its scenario's name). */
    private String provider(String name) throws Exception {
        String slug = "cmd-" + name + "-" + suffix;
        created(operator.post(
                "/api/admin/v1/providers",
                "{\"slug\":\"" + slug + "\",\"name\":\"Fake " + slug + "\",\"protocol\":\"openai\"," + "\"base_url\":\""
                        + upstream.url(slug) + "\"}"));
        return slug;
    }

    private String model(String name) throws Exception {
        String id = "rt" + suffix + "/" + name;
        created(operator.post(
                "/api/admin/v1/models",
                "{\"id\":\"" + id + "\",\"name\":\"Routing " + name + "\",\"context_length\":32000,"
                        + "\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]}"));
        return id;
    }

    /** An endpoint costing {@code factor} times the base prices, at the test margin. */
    private void endpoint(String model, String provider, String factor, String extraFields) throws Exception {
        BigDecimal times = new BigDecimal(factor);
        created(operator.post(
                "/api/admin/v1/endpoints",
                "{\"model\":\"" + model + "\",\"provider\":\"" + provider + "\",\"upstream_model\":\"up\","
                        + "\"cost\":{\"prompt\":\""
                        + PROMPT_COST.multiply(times).toPlainString()
                        + "\",\"completion\":\""
                        + COMPLETION_COST.multiply(times).toPlainString() + "\"},"
                        + "\"margin\":\"" + MARGIN + "\",\"context_length\":32000" + extraFields + "}"));
    }

    private static void created(OperatorClient.Answer answer) {
        assertEquals(201, answer.status(), answer.raw());
    }

    // --- calling it ------------------------------------------------------------------------------------------

    private record Reply(int status, HttpResponse<String> response) {

        JsonObject json() {
            return Json.createReader(new StringReader(response.body())).readObject();
        }

        String provider() {
            return json().getString("provider");
        }

        String generationId() {
            return response.headers().firstValue("X-Generation-Id").orElseThrow();
        }
    }

    private Reply chat(String requestFields) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + market.keyA)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{" + requestFields + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response);
    }

    private JsonObject generation(String id) throws Exception {
        return Http.recordedGeneration(root, market.keyA, id, Duration.ofSeconds(5));
    }

    private static List<Integer> statuses(JsonObject generation) {
        return generation.getJsonArray("provider_responses").stream()
                .map(attempt -> attempt.asJsonObject().getInt("status"))
                .toList();
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString::getString);
    }

    /** The model's endpoints as {@code GET /api/v1/models/{author}/{slug}/endpoints} shows them, by provider slug. */
    private JsonObject publicEndpoint(String model, String provider) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/models/" + model + "/endpoints"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body()))
                .readObject()
                .getJsonObject("data")
                .getJsonArray("endpoints")
                .stream()
                .map(JsonObject.class::cast)
                .filter(endpoint -> endpoint.getString("tag").equals(provider))
                .findFirst()
                .orElseThrow();
    }

    // --- the tests -------------------------------------------------------------------------------------------

    @Test
    void eachKindOfUpstreamFailureFallsBackToTheNextProvider() throws Exception {
        String flaky = provider("flaky");
        String steady = provider("steady");
        String model = model("failures");
        endpoint(model, flaky, "1", "");
        endpoint(model, steady, "2", "");
        String request = "\"model\":\"" + model + "\",\"provider\":{\"sort\":\"price\"}";

        upstream.command(flaky, "reset");
        Reply reset = chat(request);
        assertEquals(200, reset.status(), reset.response().body());
        assertEquals("Fake " + steady, reset.provider());
        assertEquals(List.of(0, 200), statuses(generation(reset.generationId())), "a reset never answered");

        upstream.command(flaky, "rate429");
        Reply limited = chat(request);
        assertEquals(List.of(429, 200), statuses(generation(limited.generationId())));

        upstream.command(flaky, "hang");
        Reply slow = chat(request);
        assertEquals(200, slow.status(), slow.response().body());
        JsonObject timedOut = generation(slow.generationId());
        assertEquals(List.of(0, 200), statuses(timedOut));
        assertTrue(
                timedOut.getJsonArray("provider_responses")
                        .getJsonObject(0)
                        .toString()
                        .toLowerCase()
                        .contains("time"),
                timedOut.toString());

        upstream.command(flaky, "slow");
        Reply late = chat(request + ",\"stream\":true");
        assertEquals(200, late.status());
        assertEquals(List.of(200), statuses(generation(late.generationId())), "a slow first byte is not a failure");
    }

    @Test
    void withoutFallbacksOnlyTheFirstEndpointIsTried() throws Exception {
        String failing = provider("down");
        String working = provider("up");
        String model = model("nofallback");
        endpoint(model, failing, "1", "");
        endpoint(model, working, "2", "");
        upstream.command(failing, "fail500");

        Reply alone = chat("\"model\":\"" + model + "\",\"provider\":{\"sort\":\"price\",\"allow_fallbacks\":false}");
        assertEquals(502, alone.status(), alone.response().body());
        JsonArray previous =
                alone.json().getJsonObject("error").getJsonObject("metadata").getJsonArray("previous_errors");
        assertEquals(1, previous.size(), previous.toString());
        assertTrue(upstream.received(working).isEmpty(), "the second provider was never called");

        Reply helped = chat("\"model\":\"" + model + "\",\"provider\":{\"sort\":\"price\"}");
        assertEquals(200, helped.status());
        assertEquals("Fake " + working, helped.provider());
    }

    @Test
    void aModelsFallbackIsBilledAtTheModelThatAnswered() throws Exception {
        String failing = provider("gone");
        String working = provider("there");
        String primary = model("primary");
        String secondary = model("secondary");
        endpoint(primary, failing, "1", "");
        endpoint(secondary, working, "3", "");
        upstream.command(failing, "fail500");

        Reply reply = chat("\"model\":\"" + primary + "\",\"models\":[\"" + secondary + "\"]");
        assertEquals(200, reply.status(), reply.response().body());
        assertEquals(secondary, reply.json().getString("model"));
        // The fake answers every call with 12 prompt and 3 completion tokens.
        BigDecimal expected = PROMPT_COST
                .multiply(new BigDecimal("3"))
                .multiply(BigDecimal.valueOf(12))
                .add(COMPLETION_COST.multiply(new BigDecimal("3")).multiply(BigDecimal.valueOf(3)))
                .multiply(BigDecimal.ONE.add(MARGIN));
        BigDecimal cost =
                reply.json().getJsonObject("usage").getJsonNumber("cost").bigDecimalValue();
        assertEquals(0, expected.compareTo(cost), "billed at the secondary model's price: " + cost);
        JsonObject generation = generation(reply.generationId());
        assertEquals(
                0, expected.compareTo(generation.getJsonNumber("total_cost").bigDecimalValue()));
        assertEquals(List.of(500, 200), statuses(generation));
        assertEquals(
                List.of(primary + "@" + failing, secondary + "@" + working),
                strings(generation.getJsonObject("routing").getJsonArray("candidates")));
    }

    @Test
    void aFailingProviderIsTrippedSkippedProbedBackAndDeprioritizedWhileItsOutageIsRecent() throws Exception {
        String sick = provider("sick");
        String healthy = provider("healthy");
        String model = model("health");
        endpoint(model, sick, "1", "");
        endpoint(model, healthy, "1.5", "");
        String sickFirst = "\"model\":\"" + model + "\",\"provider\":{\"order\":[\"" + sick + "\"]}";
        upstream.command(sick, "fail500");

        // The IT server trips a breaker after 3 consecutive failures (SharedPostgres).
        for (int i = 0; i < 3; i++) {
            Reply reply = chat(sickFirst);
            assertEquals(200, reply.status(), reply.response().body());
            assertEquals(List.of(500, 200), statuses(generation(reply.generationId())));
        }
        int callsBefore = upstream.received(sick).size();
        Reply skipped = chat(sickFirst);
        assertEquals("Fake " + healthy, skipped.provider());
        JsonObject route = generation(skipped.generationId()).getJsonObject("routing");
        assertEquals(List.of(model + "@" + healthy), strings(route.getJsonArray("candidates")));
        assertEquals(
                List.of(model + "@" + sick + " (health: circuit breaker open after repeated failures)"),
                strings(route.getJsonArray("excluded")));
        assertEquals(callsBefore, upstream.received(sick).size(), "a tripped provider is not called");

        JsonObject tripped = publicEndpoint(model, sick);
        assertEquals(-2, tripped.getInt("status"), tripped.toString());
        assertEquals(0, tripped.getJsonNumber("uptime_last_5m").doubleValue());
        JsonObject fine = publicEndpoint(model, healthy);
        assertEquals(0, fine.getInt("status"));
        assertEquals(100, fine.getJsonNumber("uptime_last_30m").doubleValue());
        JsonObject latency = fine.getJsonObject("latency_last_30m");
        assertTrue(
                latency.getJsonNumber("p50").doubleValue()
                        <= latency.getJsonNumber("p99").doubleValue(),
                fine.toString());
        assertTrue(
                fine.getJsonObject("throughput_last_30m").getJsonNumber("p50").doubleValue() > 0, fine.toString());

        // It recovers; once the cool-down has passed, a real call probes it and closes the breaker.
        upstream.command(sick, "openai");
        Reply probe = null;
        for (int i = 0; i < 40 && (probe == null || !probe.provider().equals("Fake " + sick)); i++) {
            Thread.sleep(250);
            probe = chat(sickFirst);
        }
        assertEquals("Fake " + sick, probe.provider(), "the probe went to the recovered provider");
        JsonObject recovered = publicEndpoint(model, sick);
        assertEquals(-1, recovered.getInt("status"), "closed again, still flagged by its recent outage");

        // While its outage is recent, the default order puts it last, behind the dearer healthy provider.
        for (int i = 0; i < 5; i++) {
            Reply reply = chat("\"model\":\"" + model + "\"");
            assertEquals("Fake " + healthy, reply.provider());
            assertEquals(
                    List.of(model + "@" + healthy, model + "@" + sick),
                    strings(generation(reply.generationId())
                            .getJsonObject("routing")
                            .getJsonArray("candidates")));
        }
    }

    @Test
    void atAnUpstreamsConcurrencyLimitPaidCallsWaitAndFreeCallsAreShedWith429() throws Exception {
        String busy = provider("busy");
        String paid = model("busy");
        String free = paid + ":free";
        created(operator.post(
                "/api/admin/v1/models",
                "{\"id\":\"" + free + "\",\"name\":\"Routing busy (free)\",\"context_length\":32000,"
                        + "\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]}"));
        // Both run on the same upstream deployment (provider and upstream model), which takes one call at a time.
        endpoint(paid, busy, "1", ",\"max_concurrency\":1");
        endpoint(free, busy, "0", ",\"max_concurrency\":1");
        upstream.command(busy, "slow"); // each answer takes a second

        CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> quietly("\"model\":\"" + paid + "\""));
        awaitReceived(busy, 1);
        Reply shed = chat("\"model\":\"" + free + "\"");
        assertEquals(429, shed.status(), shed.response().body());
        assertEquals(429, shed.json().getJsonObject("error").getInt("code"));

        CompletableFuture<Reply> second = CompletableFuture.supplyAsync(() -> quietly("\"model\":\"" + paid + "\""));
        Thread.sleep(200); // the second paid call is waiting for the slot now
        Reply stillShed = chat("\"model\":\"" + free + "\"");
        assertEquals(429, stillShed.status(), "still at the limit, with a paid call waiting");

        assertEquals(200, first.get(30, TimeUnit.SECONDS).status());
        Reply waited = second.get(30, TimeUnit.SECONDS);
        assertEquals(200, waited.status(), waited.response().body());
        assertEquals(2, upstream.received(busy).size(), "the free calls never reached the provider");
        assertEquals(200, chat("\"model\":\"" + free + "\"").status(), "with the slot free, free calls are served");
    }

    @Test
    void openrouterAutoPicksFromTheOperatorsListByWhatTheRequestNeeds() throws Exception {
        String plain = provider("plain");
        String tooled = provider("tooled");
        String simple = model("simple");
        String capable = model("capable");
        endpoint(simple, plain, "1", ",\"supported_parameters\":[\"temperature\",\"max_tokens\"]");
        endpoint(capable, tooled, "4", ",\"supported_parameters\":[\"temperature\",\"max_tokens\",\"tools\"]");
        OperatorClient.Answer listed = operator.put(
                "/api/admin/v1/auto-router",
                "{\"models\":[{\"model\":\"" + simple + "\",\"cost_tier\":\"low\"}," + "{\"model\":\"" + capable
                        + "\",\"cost_tier\":\"high\"}]}");
        assertEquals(200, listed.status(), listed.raw());

        Reply cheap = chat("\"model\":\"openrouter/auto\"");
        assertEquals(200, cheap.status(), cheap.response().body());
        assertEquals(simple, cheap.json().getString("model"), "the first curated model that fits");

        Reply withTools = chat("\"model\":\"openrouter/auto\",\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"weather\",\"parameters\":{\"type\":\"object\"}}}]");
        assertEquals(200, withTools.status(), withTools.response().body());
        assertEquals(capable, withTools.json().getString("model"), "only the capable model can use tools");
        assertEquals("openrouter/auto", generation(withTools.generationId()).getString("requested_model"));

        Reply lowTier = chat("\"model\":\"openrouter/auto\",\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"weather\",\"parameters\":{\"type\":\"object\"}}}],"
                + "\"plugins\":[{\"id\":\"auto-router\",\"cost_tier\":\"low\"}]");
        assertEquals(
                404,
                lowTier.status(),
                "nothing in the low tier can use tools: " + lowTier.response().body());
    }

    private Reply quietly(String requestFields) {
        try {
            return chat(requestFields);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitReceived(String scenario, int count) throws InterruptedException {
        for (int i = 0; i < 100 && upstream.received(scenario).size() < count; i++) {
            Thread.sleep(50);
        }
        assertEquals(count, upstream.received(scenario).size());
    }
}
