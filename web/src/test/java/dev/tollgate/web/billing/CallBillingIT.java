package dev.tollgate.web.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.OpenHolds;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.PostedTransfers;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every call's money, end to end: held before dispatch, settled at exactly the answering endpoint's list price (the
 * provider owed its cost, the platform the margin), refused with OpenRouter's 402 and 403 when the organisation or the
 * key cannot pay, and never more spent than an organisation has, however many calls arrive at once.
 */
class CallBillingIT extends DeployedTollgate {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(32))
            .build();

    private InferenceMarketplace market;
    private OperatorClient operator;
    private URI root;

    @BeforeEach
    void marketplace() throws Exception {
        root = base.toURI();
        market = InferenceMarketplace.on(root);
        operator = new OperatorClient(root, SharedPostgres.OPERATOR_TOKEN);
    }

    /** A call's answer: its status, its JSON (the last chunk carrying usage, when streamed) and its generation id. */
    private record Reply(int status, JsonObject body, String generationId) {

        BigDecimal cost() {
            return body.getJsonObject("usage").getJsonNumber("cost").bigDecimalValue();
        }

        long tokens(String field) {
            return body.getJsonObject("usage").getJsonNumber(field).longValue();
        }

        String message() {
            return body.getJsonObject("error").getString("message");
        }
    }

    private Reply chat(String key, String model, boolean stream, String extraFields) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
                                + extraFields + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String generation = response.headers().firstValue("X-Generation-Id").orElse("");
        if (response.statusCode() != 200 || !stream) {
            return new Reply(response.statusCode(), parse(response.body()), generation);
        }
        JsonObject usageChunk = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: {")) {
                JsonObject chunk = parse(line.substring("data: ".length()));
                if (chunk.containsKey("usage")) {
                    usageChunk = chunk;
                }
            }
        }
        return new Reply(200, usageChunk, generation);
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private JsonObject credits(String managementKey) throws Exception {
        Answer credits = new OperatorClient(root, managementKey).get("/api/v1/credits");
        assertEquals(200, credits.status(), credits.raw());
        return credits.body().getJsonObject("data");
    }

    private static BigDecimal decimal(JsonObject object, String field) {
        return object.getJsonNumber(field).bigDecimalValue();
    }

    private static void assertAmount(BigDecimal expected, BigDecimal actual) {
        assertEquals(
                0,
                expected.compareTo(actual),
                () -> "expected " + expected.toPlainString() + ", was " + actual.toPlainString());
    }

    /** The posted transfers of one call, amount by code. */
    private static Map<String, BigDecimal> transfers(String generationId) throws Exception {
        return PostedTransfers.of(generationId);
    }

    /**
     * Waits until the organisation has no hold left: a call's own hold goes with its settlement, the replica's lease
     * of its credit (docs/decisions.md, "Calls are held against a lease of credit") within seconds of the last call.
     */
    private static void assertNothingLeftHeld(String organisationId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (openHolds(organisationId) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertEquals(0, openHolds(organisationId), "holds left after the calls ended");
    }

    private static int openHolds(String organisationId) throws Exception {
        try (Connection connection = SharedPostgres.connect()) {
            return OpenHolds.of(connection, organisationId);
        }
    }

    @Test
    void everyProtocolIsSettledAtItsUsageTimesTheListPriceStreamedOrNot() throws Exception {
        Organisation org = Organisation.funded(operator, "Billing protocols " + UUID.randomUUID(), "5");
        String key = org.inferenceKey(root);
        BigDecimal spent = BigDecimal.ZERO;
        for (String model : List.of("chat", "claude", "gemini")) {
            for (boolean stream : List.of(false, true)) {
                Reply reply = chat(key, market.model(model), stream, "");
                assertEquals(200, reply.status(), model + " " + reply.body());
                long prompt = reply.tokens("prompt_tokens");
                long completion = reply.tokens("completion_tokens");
                assertTrue(prompt > 0 && completion > 0, reply.body().toString());
                BigDecimal cost = reply.cost();
                assertAmount(InferenceMarketplace.listCost(prompt, completion), cost);
                // What the caller was told is what the ledger posted: the provider's cost and the margin.
                BigDecimal providerCost = InferenceMarketplace.PROMPT_COST
                        .multiply(BigDecimal.valueOf(prompt))
                        .add(InferenceMarketplace.COMPLETION_COST.multiply(BigDecimal.valueOf(completion)));
                Map<String, BigDecimal> posted = transfers(reply.generationId());
                assertAmount(providerCost, posted.get("usage_cost"));
                assertAmount(cost.subtract(providerCost), posted.get("usage_margin"));
                spent = spent.add(cost);
            }
        }
        JsonObject credits = credits(org.managementKey());
        assertAmount(new BigDecimal("5"), decimal(credits, "total_credits"));
        assertAmount(spent, decimal(credits, "total_usage"));
        Answer current = new OperatorClient(root, key).get("/api/v1/key");
        assertAmount(spent, decimal(current.body().getJsonObject("data"), "usage"));
        assertAmount(spent, decimal(current.body().getJsonObject("data"), "usage_daily"));
        assertNothingLeftHeld(org.id());
        assertTrue(operator.get("/api/admin/v1/ledger/summary").body().getBoolean("balanced"));
    }

    @Test
    void failedAndBrokenCallsReleaseTheirHoldAndCostNothing() throws Exception {
        Organisation org = Organisation.funded(operator, "Billing failures " + UUID.randomUUID(), "1");
        String key = org.inferenceKey(root);
        // Models of this test's own: its failures must not trip the breakers of the marketplace's shared models.
        assertEquals(502, chat(key, market.ownModel(root, "fail500"), false, "").status());
        Reply cut = chat(key, market.ownModel(root, "midstream"), true, "");
        assertEquals(200, cut.status());
        assertTrue(transfers(cut.generationId()).isEmpty(), "a stream that failed midway is not charged");
        JsonObject credits = credits(org.managementKey());
        assertAmount(BigDecimal.ZERO, decimal(credits, "total_usage"));
        assertNothingLeftHeld(org.id());
    }

    @Test
    void aWorstCaseBeyondTheBalanceGets402WithWhatCanBeAfforded() throws Exception {
        Organisation org = Organisation.funded(operator, "Billing 402 " + UUID.randomUUID(), "0.01");
        String key = org.inferenceKey(root);
        Reply refused = chat(key, market.model("chat"), false, ",\"max_tokens\":30000");
        assertEquals(402, refused.status(), refused.body().toString());
        assertTrue(
                refused.message()
                        .matches("This request requires more credits, or fewer max_tokens\\. You requested up to 30000"
                                + " tokens, but can only afford \\d{4}\\. .*"),
                refused.message());
        assertEquals(402, refused.body().getJsonObject("error").getInt("code"));
        assertEquals(
                200,
                chat(key, market.model("chat"), false, ",\"max_tokens\":100").status());
        assertNothingLeftHeld(org.id());
    }

    /** The marketplace's chat model as a free variant, at no cost, made once. */
    private String freeModel() throws Exception {
        String free = market.model("chat") + ":free";
        Answer model = operator.post(
                "/api/admin/v1/models",
                "{\"id\":\"" + free + "\",\"name\":\"IT free\",\"context_length\":32000,"
                        + "\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]}");
        assertTrue(model.status() == 201 || model.status() == 409, model.raw());
        Answer endpoint = operator.post(
                "/api/admin/v1/endpoints",
                "{\"model\":\"" + free + "\",\"provider\":\"openai-" + market.suffix + "\",\"upstream_model\":"
                        + "\"upstream-free\",\"cost\":{\"prompt\":\"0\",\"completion\":\"0\"},\"context_length\":32000}");
        assertTrue(endpoint.status() == 201 || endpoint.status() == 409, endpoint.raw());
        return free;
    }

    @Test
    void noCreditsGets402EvenOnAFreeModel() throws Exception {
        String free = freeModel();
        Organisation broke = Organisation.funded(operator, "Billing broke " + UUID.randomUUID(), "0");
        Reply refused = chat(broke.inferenceKey(root), free, false, "");
        assertEquals(402, refused.status(), refused.body().toString());
        assertTrue(refused.message().startsWith("Insufficient credits"), refused.message());
        Organisation funded = Organisation.funded(operator, "Billing free " + UUID.randomUUID(), "0.01");
        Reply answered = chat(funded.inferenceKey(root), free, false, "");
        assertEquals(200, answered.status(), answered.body().toString());
        assertAmount(BigDecimal.ZERO, answered.cost());
    }

    @Test
    void aKeyPastItsLimitGets403AndItsUsageComesFromTheLedger() throws Exception {
        Organisation org = Organisation.funded(operator, "Billing key limit " + UUID.randomUUID(), "5");
        OperatorClient management = new OperatorClient(root, org.managementKey());
        Answer created =
                management.post("/api/v1/keys", "{\"name\":\"limited\",\"limit\":1,\"limit_reset\":\"daily\"}");
        assertEquals(201, created.status(), created.raw());
        String key = created.body().getString("key");
        String hash = created.body().getJsonObject("data").getString("hash");
        Reply first = chat(key, market.model("chat"), false, ",\"max_tokens\":50");
        assertEquals(200, first.status(), first.body().toString());
        // The limit lowered to exactly what the key has spent today: nothing is left.
        Answer lowered = management.patch(
                "/api/v1/keys/" + hash, "{\"limit\":" + first.cost().toPlainString() + "}");
        assertEquals(200, lowered.status(), lowered.raw());
        Reply refused = chat(key, market.model("chat"), false, ",\"max_tokens\":50");
        assertEquals(403, refused.status(), refused.body().toString());
        assertTrue(refused.message().startsWith("Key limit exceeded (daily limit)"), refused.message());
        JsonObject current =
                new OperatorClient(root, key).get("/api/v1/key").body().getJsonObject("data");
        assertAmount(first.cost(), decimal(current, "usage"));
        assertAmount(BigDecimal.ZERO, decimal(current, "limit_remaining"));
        // Another key of the organisation is not held back by this one's limit.
        assertEquals(
                200,
                chat(org.inferenceKey(root), market.model("chat"), false, ",\"max_tokens\":50")
                        .status());
    }

    /** 20 free calls a minute per organisation, then 429 with the headers that say when to come back. */
    @Test
    void freeModelsAreLimitedPerMinuteWithRateLimitHeaders() throws Exception {
        String free = freeModel();
        String key = Organisation.funded(operator, "Billing quota " + UUID.randomUUID(), "1")
                .inferenceKey(root);
        while (java.time.LocalTime.now(java.time.ZoneOffset.UTC).getSecond() >= 50) {
            Thread.sleep(500); // all 21 calls within one minute's window
        }
        for (int i = 0; i < 20; i++) {
            Reply reply = chat(key, free, false, "");
            assertEquals(200, reply.status(), "call " + i + ": " + reply.body());
        }
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + free
                                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(parse(refused.body())
                .getJsonObject("error")
                .getString("message")
                .contains("free-models-per-min"));
        assertEquals("20", refused.headers().firstValue("X-RateLimit-Limit").orElseThrow());
        assertEquals("0", refused.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        long retryAfter =
                Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        long reset =
                Long.parseLong(refused.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertTrue(reset > System.currentTimeMillis() - 5_000, "reset " + reset);
        // Paid models are not limited by it.
        assertEquals(
                200,
                chat(key, market.model("chat"), false, ",\"max_tokens\":50").status());
    }

    /**
     * 200 calls at once against an organisation with credit for ten of them: each is either answered and charged
     * exactly, or refused with 402; the organisation never spends more than it had, and no hold is left open.
     */
    @Test
    void twoHundredConcurrentCallsSpendAtMostTheBalance() throws Exception {
        BigDecimal perCall = InferenceMarketplace.listCost(12, 3);
        BigDecimal balance = perCall.multiply(BigDecimal.TEN);
        Organisation org = Organisation.funded(operator, "Billing rush " + UUID.randomUUID(), balance.toPlainString());
        String key = org.inferenceKey(root);
        ExecutorService callers = Executors.newFixedThreadPool(32);
        List<Future<Reply>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                calls.add(callers.submit(() -> chat(key, market.model("chat"), false, ",\"max_tokens\":3")));
            }
            int answered = 0;
            int refused = 0;
            for (Future<Reply> call : calls) {
                Reply reply = call.get();
                if (reply.status() == 200) {
                    answered++;
                    assertAmount(perCall, reply.cost());
                } else {
                    assertEquals(402, reply.status(), reply.body().toString());
                    refused++;
                }
            }
            assertTrue(answered >= 1 && answered <= 10, "answered " + answered);
            assertEquals(200, answered + refused);
            JsonObject credits = credits(org.managementKey());
            BigDecimal usage = decimal(credits, "total_usage");
            assertAmount(perCall.multiply(BigDecimal.valueOf(answered)), usage);
            assertTrue(usage.compareTo(balance) <= 0, "spent " + usage + " of " + balance);
            assertNothingLeftHeld(org.id());
        } finally {
            callers.shutdownNow();
        }
    }
}
