package dev.tollgate.web.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.FaultyUpstream;
import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.LedgerChecks;
import dev.tollgate.web.support.OpenHolds;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.PostedTransfers;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, faults at the upstream: providers that refuse connections, reset them before or during an answer, take
 * their time, stall, answer broken JSON or broken events, rate-limit with {@code Retry-After}, or fail 5xx under a
 * storm of calls. For each: (a) the caller gets a fallback's answer, OpenRouter's error envelope with the status
 * {@code docs/decisions.md} names, or, once a stream has started, the error chunk and no {@code [DONE]}; (b) the
 * upstream connection is let go: {@link FaultyUpstream} sees no exchange left in flight and no connection held beyond
 * the one the gateway's pool keeps for reuse (none at all when the answer was broken off); (c) the organisation is
 * charged exactly the answering endpoint's list price for what was delivered, and nothing, not even a hold left open,
 * for a failed or empty answer: in the ledger's transfers, in the generation record and in its credits.
 *
 * <p>Providers, models and the organisation are this class's own (a random suffix), so the breakers it trips are
 * nobody else's. Calls use a key with a spending limit, whose calls each hold on their own, so that a hold is seen
 * released the moment the call ends; the storm uses a key without one (the lease of credit) and waits for the lease to
 * be given back.
 */
class UpstreamFaultsIT extends DeployedTollgate {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Cost prices of a failing endpoint; the healthy fallback costs twice as much, so price order puts it last. */
    private static final BigDecimal PROMPT_COST = new BigDecimal("0.000001");

    private static final BigDecimal COMPLETION_COST = new BigDecimal("0.000002");
    private static final BigDecimal MARGIN = new BigDecimal("0.1");
    private static final BigDecimal FALLBACK_STEP = new BigDecimal("2");

    private static final FaultyUpstream UPSTREAM = FaultyUpstream.start();
    private static final String SUFFIX =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final Map<String, String> PROVIDERS = new HashMap<>();

    private URI root;
    private OperatorClient operator;
    private Organisation org;
    private String key;
    private BigDecimal charged = BigDecimal.ZERO;

    @BeforeEach
    void organisation() throws Exception {
        root = base.toURI();
        operator = new OperatorClient(root, SharedPostgres.OPERATOR_TOKEN);
        org = Organisation.funded(operator, "Upstream faults " + SUFFIX + " " + System.nanoTime(), "10");
        Answer created = new OperatorClient(root, org.managementKey())
                .post("/api/v1/keys", "{\"name\":\"faults\",\"limit\":100}");
        assertEquals(201, created.status(), created.raw());
        key = created.body().getString("key");
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    // ---------------------------------------------------------------------------------------------- the faults

    @Test
    void aRefusedConnectionFallsBackOrEndsIn502() throws Exception {
        String refused = provider("refused", FaultyUpstream.refusedUrl());
        String alone = model("refused-alone", refused);
        String fallback = model("refused-fallback", refused, provider("ok"));
        for (boolean stream : List.of(false, true)) {
            Reply answered = chat(fallback, stream);
            assertFallback(answered, "could not connect");
            Reply failed = chat(alone, stream);
            assertEnvelope(failed, 502, "provider_unavailable");
        }
        assertReleased("ok", 1);
        assertCreditsCharged();
    }

    @Test
    void aResetBeforeTheFirstByteFallsBackAndOneMidwayEndsTheStreamWithTheErrorChunk() throws Exception {
        String atOnce = provider("reset-at-once");
        String midway = provider("reset-midway");
        String ok = provider("ok");
        for (boolean stream : List.of(false, true)) {
            assertFallback(chat(model("reset-at-once-fallback-" + stream, atOnce, ok), stream), "");
        }
        assertEnvelope(chat(model("reset-at-once-alone", atOnce), false), 502, "provider_unavailable");
        // Before the first byte of its answer the reset falls back, streamed or not; once a chunk is out, it cannot.
        assertFallback(chat(model("reset-midway-fallback", midway, ok), false), "broke off");
        assertEnvelope(chat(model("reset-midway-alone", midway), false), 502, "provider_unavailable");
        Reply broken = chat(model("reset-midway-stream", midway, ok), true);
        assertErrorChunk(broken, "Half", 502, "provider_unavailable");
        assertReleased("reset-at-once", 0);
        assertReleased("reset-midway", 0);
        assertReleased("ok", 1);
        assertCreditsCharged();
    }

    @Test
    void aSlowFirstByteIsWaitedForWithKeepAlivesAndChargedInFull() throws Exception {
        String slow = model("slow-first-byte", provider("slow-first-byte"));
        Reply whole = chat(slow, false);
        assertAnswered(whole, PROMPT_COST, COMPLETION_COST);
        Reply streamed = chat(slow, true);
        assertAnswered(streamed, PROMPT_COST, COMPLETION_COST);
        assertTrue(
                streamed.body().startsWith(": OPENROUTER PROCESSING\n\n"),
                "keep-alive comments while the provider thinks: " + streamed.body());
        assertReleased("slow-first-byte", 1);
        assertEquals(1, UPSTREAM.accepted("slow-first-byte"), "both calls used one pooled connection");
        assertCreditsCharged();
    }

    @Test
    void aStallEndsAtTheSilenceOrResponseTimeoutAndTheConnectionIsClosed() throws Exception {
        String stall = provider("stall");
        String ok = provider("ok");
        // Streams: the silence timeout (2 s here) ends the stream with a timeout chunk, whether the provider says
        // nothing at all or only SSE comments.
        assertErrorChunk(chat(model("stall-stream", stall), true), "Hm", 408, "timeout");
        assertErrorChunk(chat(model("stall-comments", provider("stall-comments")), true), "Hm", 408, "timeout");
        // Whole answers: the response timeout (3 s here) bounds the wait for the next byte, then the next provider.
        assertFallback(chat(model("stall-fallback", stall, ok), false), "");
        assertEnvelope(chat(model("stall-alone", stall), false), 408, "timeout");
        // No byte at all, streamed: keep-alives, then the next provider's answer on the committed stream.
        Reply hung = chat(model("hang-fallback", provider("hang"), ok), true);
        assertFallback(hung, "did not answer in time");
        assertTrue(hung.body().startsWith(": OPENROUTER PROCESSING\n\n"), hung.body());
        for (String scenario : List.of("stall", "stall-comments", "hang")) {
            assertReleased(scenario, 0);
        }
        assertCreditsCharged();
    }

    @Test
    void aMalformedJsonAnswerFallsBackOrEndsIn502() throws Exception {
        String ok = provider("ok");
        for (String scenario : List.of("json-truncated", "json-not-json", "json-no-choices", "json-error")) {
            String faulty = provider(scenario);
            assertFallback(chat(model(scenario + "-fallback", faulty, ok), false), "");
            Reply failed = chat(model(scenario + "-alone", faulty), false);
            assertEquals(502, failed.status(), scenario + ": " + failed.body());
            assertEnvelope(failed, 502, null);
            assertReleased(scenario, 1);
        }
        assertReleased("ok", 1);
        assertCreditsCharged();
    }

    @Test
    void malformedEventsFallBackBeforeTheFirstChunkAndEndTheStreamAfterIt() throws Exception {
        String ok = provider("ok");
        // Lines that are no SSE field are skipped, as the SSE specification says: the answer is whole and charged.
        Reply garbage = chat(model("sse-garbage", provider("sse-garbage")), true);
        assertAnswered(garbage, PROMPT_COST, COMPLETION_COST);
        assertTrue(garbage.content().equals("Hello there"), garbage.body());
        for (String scenario : List.of("sse-truncated-first", "sse-not-object")) {
            String faulty = provider(scenario);
            assertFallback(chat(model(scenario + "-fallback", faulty, ok), true), "not valid JSON");
            assertEnvelope(chat(model(scenario + "-alone", faulty), true), 502, "server");
            assertReleased(scenario, 1);
        }
        assertErrorChunk(
                chat(model("sse-truncated-midway", provider("sse-truncated-midway"), ok), true),
                "Hello",
                502,
                "server");
        assertReleased("sse-truncated-midway", 0);
        assertReleased("sse-garbage", 1);
        assertCreditsCharged();
    }

    @Test
    void aRateLimitFallsBackOrEndsIn429WithTheProvidersRetryAfter() throws Exception {
        String limited = provider("rate429");
        for (boolean stream : List.of(false, true)) {
            assertFallback(chat(model("rate429-fallback-" + stream, limited, provider("ok")), stream), "slow down");
            Reply refused = chat(model("rate429-alone-" + stream, limited), stream);
            assertEnvelope(refused, 429, "rate_limit_exceeded");
            assertEquals(
                    "7",
                    refused.response().headers().firstValue("Retry-After").orElse(null),
                    "the provider's Retry-After reaches the caller");
        }
        assertReleased("rate429", 1);
        assertCreditsCharged();
    }

    @Test
    void aStormOf5xxFallsBackEveryCallOpensTheBreakerAndChargesOnlyTheAnswers() throws Exception {
        assertEnvelope(chat(model("fail503-alone", provider("fail503")), false), 502, "provider_overloaded");
        String failing = provider("fail500");
        String healthy = provider("ok.storm");
        String storm = model("storm", failing, healthy);
        // A key without a spending limit: the storm's calls are held against a lease of the organisation's credit.
        Answer created = new OperatorClient(root, org.managementKey()).post("/api/v1/keys", "{\"name\":\"storm\"}");
        assertEquals(201, created.status(), created.raw());
        String stormKey = created.body().getString("key");
        int calls = 48;
        int concurrency = 8;
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        List<Future<Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < calls; i++) {
                boolean stream = i % 2 == 1;
                replies.add(callers.submit(() -> chat(stormKey, storm, stream)));
            }
            BigDecimal price = listCost(FALLBACK_STEP);
            for (Future<Reply> future : replies) {
                Reply reply = future.get();
                assertEquals(200, reply.status(), reply.body());
                assertEquals(0, price.compareTo(reply.cost()), reply.body());
                charged = charged.add(price);
            }
        } finally {
            callers.shutdownNow();
        }
        // For docs/reliability.md: how many calls the breaker kept away from the failing provider.
        System.out.println("5xx storm: " + UPSTREAM.counts("fail500") + "; " + UPSTREAM.counts("ok.storm"));
        int reachedFailing = UPSTREAM.requests("fail500");
        assertTrue(
                reachedFailing >= 3 && reachedFailing < calls,
                "the breaker opened after 3 failures and kept most calls away: " + UPSTREAM.counts("fail500"));
        assertEquals(0, payable(failing).signum(), "nothing is owed to the failing provider");
        assertEquals(
                0,
                providerCost(FALLBACK_STEP).multiply(BigDecimal.valueOf(calls)).compareTo(payable(healthy)),
                "the healthy provider is owed exactly its cost of every answer");
        assertReleased("fail500", concurrency);
        assertReleased("fail503", 1);
        assertReleased("ok.storm", concurrency);
        assertNothingLeftHeld(Duration.ofSeconds(15));
        assertCreditsCharged();
        assertTrue(operator.get("/api/admin/v1/ledger/summary").body().getBoolean("balanced"));
    }

    // ---------------------------------------------------------------------------------------------- the catalog

    /** A provider of this class whose upstream behaves as {@code scenario}; made once. */
    private String provider(String scenario) throws Exception {
        return provider(scenario, UPSTREAM.url(scenario));
    }

    private String provider(String name, String baseUrl) throws Exception {
        synchronized (PROVIDERS) {
            String known = PROVIDERS.get(name);
            if (known != null) {
                return known;
            }
            String slug = name.replace('.', '-') + "-" + SUFFIX;
            created(operator.post(
                    "/api/admin/v1/providers",
                    "{\"slug\":\"" + slug + "\",\"name\":\"Faulty " + name + "\",\"protocol\":\"openai\","
                            + "\"base_url\":\"" + baseUrl + "\"}"));
            PROVIDERS.put(name, slug);
            return slug;
        }
    }

    /**
     * A model of this class served by {@code providers} in this order of price: the first at the base cost prices, the
     * last (when there are several) at {@link #FALLBACK_STEP} times them.
     */
    private String model(String name, String... providers) throws Exception {
        String id = "uf" + SUFFIX + "/" + name;
        created(operator.post(
                "/api/admin/v1/models",
                "{\"id\":\"" + id + "\",\"name\":\"Faults " + name + "\",\"context_length\":32000,"
                        + "\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]}"));
        for (int i = 0; i < providers.length; i++) {
            BigDecimal step = i == providers.length - 1 && i > 0 ? FALLBACK_STEP : BigDecimal.ONE;
            created(operator.post(
                    "/api/admin/v1/endpoints",
                    "{\"model\":\"" + id + "\",\"provider\":\"" + providers[i] + "\",\"upstream_model\":\"m\","
                            + "\"cost\":{\"prompt\":\""
                            + PROMPT_COST.multiply(step).toPlainString()
                            + "\",\"completion\":\""
                            + COMPLETION_COST.multiply(step).toPlainString() + "\"},"
                            + "\"margin\":\"" + MARGIN + "\",\"context_length\":32000}"));
        }
        return id;
    }

    private static void created(Answer answer) {
        assertEquals(201, answer.status(), answer.raw());
    }

    private static BigDecimal providerCost(BigDecimal step) {
        return PROMPT_COST
                .multiply(BigDecimal.valueOf(12))
                .add(COMPLETION_COST.multiply(BigDecimal.valueOf(3)))
                .multiply(step);
    }

    private static BigDecimal listCost(BigDecimal step) {
        return providerCost(step).multiply(BigDecimal.ONE.add(MARGIN));
    }

    // ---------------------------------------------------------------------------------------------- the calls

    /** An answer as the caller saw it. */
    private record Reply(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        boolean streamed() {
            return response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        }

        String generationId() {
            return response.headers().firstValue("X-Generation-Id").orElseThrow();
        }

        /** The JSON answer, or the last {@code data:} event that is JSON. */
        JsonObject json() {
            if (!streamed()) {
                return parse(body());
            }
            List<String> events = events();
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).startsWith("{")) {
                    return parse(events.get(i));
                }
            }
            throw new AssertionError("no JSON event in " + body());
        }

        List<String> events() {
            List<String> events = new ArrayList<>();
            for (String line : body().split("\n")) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring("data: ".length()));
                }
            }
            return events;
        }

        /** The answer's text, whole or put together from the deltas. */
        String content() {
            if (!streamed()) {
                return json().getJsonArray("choices")
                        .getJsonObject(0)
                        .getJsonObject("message")
                        .getString("content");
            }
            StringBuilder text = new StringBuilder();
            for (String event : events()) {
                if (event.startsWith("{")) {
                    JsonArray choices = parse(event).getJsonArray("choices");
                    if (choices != null && !choices.isEmpty()) {
                        JsonObject delta = choices.getJsonObject(0).getJsonObject("delta");
                        if (delta != null && delta.get("content") instanceof jakarta.json.JsonString content) {
                            text.append(content.getString());
                        }
                    }
                }
            }
            return text.toString();
        }

        BigDecimal cost() {
            return json().getJsonObject("usage").getJsonNumber("cost").bigDecimalValue();
        }
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private Reply chat(String model, boolean stream) throws Exception {
        return chat(key, model, stream);
    }

    private Reply chat(String callerKey, String model, boolean stream) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + callerKey)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
                                + ",\"provider\":{\"sort\":\"price\"},\"max_tokens\":100,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response);
    }

    private JsonObject generation(String id) throws Exception {
        return Http.recordedGeneration(root, key, id, Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------------------------------------- (a) outcomes

    /** The fallback answered: 200, every attempt before it failed, charged at the fallback's price. */
    private void assertFallback(Reply reply, String firstError) throws Exception {
        assertEquals(200, reply.status(), reply.body());
        assertEquals("Hello there", reply.content(), reply.body());
        JsonArray attempts = generation(reply.generationId()).getJsonArray("provider_responses");
        assertEquals(2, attempts.size(), attempts.toString());
        // A broken answer keeps the provider's own status (a 200 with garbage is a 200); its error says what broke.
        JsonObject failed = attempts.getJsonObject(0);
        assertFalse(failed.isNull("error"), attempts.toString());
        assertTrue(failed.getString("error").contains(firstError), attempts.toString());
        assertEquals(200, attempts.getJsonObject(1).getInt("status"), attempts.toString());
        if (reply.streamed()) {
            assertTrue(reply.body().endsWith("data: [DONE]\n\n"), reply.body());
        }
        assertCharged(reply, listCost(FALLBACK_STEP), providerCost(FALLBACK_STEP));
    }

    /** The endpoint that was asked answered in full, charged at its own price. */
    private void assertAnswered(Reply reply, BigDecimal promptCost, BigDecimal completionCost) throws Exception {
        assertEquals(200, reply.status(), reply.body());
        assertEquals("Hello there", reply.content(), reply.body());
        if (reply.streamed()) {
            assertTrue(reply.body().endsWith("data: [DONE]\n\n"), reply.body());
        }
        BigDecimal cost =
                promptCost.multiply(BigDecimal.valueOf(12)).add(completionCost.multiply(BigDecimal.valueOf(3)));
        assertCharged(reply, cost.multiply(BigDecimal.ONE.add(MARGIN)), cost);
    }

    /**
     * OpenRouter's error envelope with this status (and {@code error_type}, unless null), as JSON even for a stream
     * that never started; nothing charged.
     */
    private void assertEnvelope(Reply reply, int status, String errorType) throws Exception {
        assertEquals(status, reply.status(), reply.body());
        assertFalse(reply.streamed(), "a stream that never started fails with a real status: " + reply.body());
        JsonObject error = reply.json().getJsonObject("error");
        assertEquals(status, error.getInt("code"), reply.body());
        assertFalse(error.getString("message").isBlank(), reply.body());
        if (errorType != null) {
            assertEquals(errorType, error.getJsonObject("metadata").getString("error_type"), reply.body());
        }
        assertCharged(reply, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** A stream that started (with {@code delivered} in its text), then ended with the error chunk: nothing charged. */
    private void assertErrorChunk(Reply reply, String delivered, int code, String errorType) throws Exception {
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.streamed(), reply.body());
        assertTrue(reply.content().startsWith(delivered), reply.body());
        assertFalse(reply.body().contains("[DONE]"), reply.body());
        JsonObject last = reply.json();
        JsonObject error = last.getJsonObject("error");
        assertEquals(code, error.getInt("code"), reply.body());
        assertEquals(errorType, error.getJsonObject("metadata").getString("error_type"), reply.body());
        assertEquals("error", last.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
        assertEquals("error", generation(reply.generationId()).getString("finish_reason"));
        assertCharged(reply, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    // ---------------------------------------------------------------------------------------------- (b) release

    /**
     * The gateway let go of the scenario's connections: no exchange in flight, no faulty answer it never hung up on,
     * and at most {@code pooled} connections open (those its pool keeps between calls; 0 when every answer of the
     * scenario was broken off, so each connection had to be closed).
     */
    private static void assertReleased(String scenario, int pooled) throws Exception {
        awaitTrue(
                () -> UPSTREAM.inFlight(scenario) == 0 && UPSTREAM.open(scenario) <= pooled,
                Duration.ofSeconds(10),
                () -> "the upstream connection was not released: " + UPSTREAM.counts(scenario));
        assertEquals(0, UPSTREAM.givenUp(scenario), UPSTREAM.counts(scenario));
    }

    // ---------------------------------------------------------------------------------------------- (c) money

    /**
     * The call's money: the usage it was told (when it got one), its generation's cost, and its posted transfers say the
     * same amount, the provider's cost and the margin; no transfer at all when it cost nothing; and the key's per-call
     * hold is gone once the caller has the answer.
     */
    private void assertCharged(Reply reply, BigDecimal list, BigDecimal cost) throws Exception {
        String id = reply.generationId();
        if (reply.status() == 200 && list.signum() > 0) {
            assertEquals(0, list.compareTo(reply.cost()), "told " + reply.cost() + ", expected " + list);
        }
        JsonObject generation = generation(id);
        assertEquals(
                0,
                list.compareTo(generation.getJsonNumber("total_cost").bigDecimalValue()),
                "generation " + generation);
        Map<String, BigDecimal> posted = PostedTransfers.of(id);
        if (list.signum() == 0) {
            assertTrue(posted.isEmpty(), "a failed or empty answer moves no money: " + posted);
        } else {
            assertEquals(0, cost.compareTo(posted.get("usage_cost")), posted.toString());
            assertEquals(0, list.subtract(cost).compareTo(posted.get("usage_margin")), posted.toString());
        }
        if (reply.response()
                .request()
                .headers()
                .firstValue("Authorization")
                .orElse("")
                .endsWith(key)) {
            assertEquals(0, openHolds(), "the call's hold is released when the caller has its answer");
        }
        charged = charged.add(list);
    }

    /** The organisation's credits used are exactly what its calls were charged. */
    private void assertCreditsCharged() throws Exception {
        Answer credits = new OperatorClient(root, org.managementKey()).get("/api/v1/credits");
        assertEquals(200, credits.status(), credits.raw());
        BigDecimal usage = credits.body()
                .getJsonObject("data")
                .getJsonNumber("total_usage")
                .bigDecimalValue();
        assertEquals(0, charged.compareTo(usage), "charged " + charged + ", the ledger says " + usage);
    }

    private void assertNothingLeftHeld(Duration within) throws Exception {
        awaitTrue(() -> openHolds() == 0, within, () -> "holds left after the calls ended");
    }

    private int openHolds() {
        try (Connection connection = SharedPostgres.connect()) {
            return OpenHolds.of(connection, org.id());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the ledger says a provider is owed (posted). */
    private static BigDecimal payable(String providerSlug) throws Exception {
        try (Connection connection = SharedPostgres.connect();
                PreparedStatement select = connection.prepareStatement("SELECT coalesce(sum(credits_posted), 0)"
                        + " FROM ledger_account WHERE kind = 'provider_payable' AND owner = ?")) {
            LedgerChecks.postJournal(connection);
            select.setString(1, providerSlug);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration within, java.util.function.Supplier<String> why)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(why.get());
            }
            Thread.sleep(50);
        }
    }
}
