package dev.tollgate.web.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.FakeUpstream;
import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Abuse, against the shared deployment: guessed keys are throttled per client address and logged, a stream that never
 * ends is cut at the gateway's limit and charged for what was delivered, and organisations over their quota or out of
 * credit are refused before any upstream work while another organisation's calls go on, exactly billed. Clients other
 * than 127.0.0.1 are named through {@code X-Forwarded-For}, which the deployment trusts from loopback only
 * ({@code SharedPostgres}: {@value SharedPostgres#KEY_FAILURES} refused keys in 10 s throttle an address; streams last at most 8 s).
 */
class AbuseIT extends DeployedTollgate {

    private static final int KEY_FAILURES = SharedPostgres.KEY_FAILURES;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static FakeUpstream upstream;

    private URI root;
    private OperatorClient operator;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = FakeUpstream.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @BeforeEach
    void connect() throws Exception {
        root = base.toURI();
        operator = new OperatorClient(root, SharedPostgres.OPERATOR_TOKEN);
    }

    private record Reply(int status, HttpResponse<String> response) {

        JsonObject json() {
            return Json.createReader(new StringReader(response.body())).readObject();
        }

        JsonObject error() {
            return json().getJsonObject("error");
        }
    }

    @Test
    void guessedKeysThrottleTheirAddressOnlyAndAreLoggedWithoutTheKeys() throws Exception {
        String key = InferenceMarketplace.on(root).keyA;
        String guesser = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
        String neighbour = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
        List<String> guesses = Collections.synchronizedList(new ArrayList<>());

        // Four guessers at once until the address is refused: no guess in it is ever looked at after that.
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<int[]>> counts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            counts.add(threads.submit(() -> {
                int refused = 0;
                for (int i = 0; i < KEY_FAILURES; i++) {
                    String guess = "sk-or-v1-"
                            + HexFormat.of()
                                    .toHexDigits(ThreadLocalRandom.current().nextLong())
                                    .repeat(4);
                    guesses.add(guess);
                    Reply reply = keyInfo(guess, guesser);
                    if (reply.status() == 429) {
                        return new int[] {refused, i + 1};
                    }
                    assertEquals(401, reply.status(), reply.response().body());
                    refused++;
                }
                return new int[] {refused, KEY_FAILURES};
            }));
        }
        int unauthorized = 0;
        for (Future<int[]> count : counts) {
            unauthorized += count.get(60, TimeUnit.SECONDS)[0];
        }
        threads.shutdown();
        assertTrue(
                unauthorized >= KEY_FAILURES && unauthorized < 2 * KEY_FAILURES,
                unauthorized + " guesses were answered 401 before the address was refused");

        Reply refused = keyInfo(key, guesser);
        assertEquals(429, refused.status(), "even the right key, from the throttled address");
        assertEquals(429, refused.error().getInt("code"));
        assertTrue(refused.error().getString("message").startsWith("Too many requests with an invalid key"));
        long retryAfter = Long.parseLong(
                refused.response().headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
        Reply inference = chat(key, guesser, InferenceMarketplace.on(root).model("chat"), false);
        assertEquals(429, inference.status(), "the inference servlets are behind the same door");
        assertEquals(429, inference.error().getInt("code"));

        assertEquals(200, keyInfo(key, neighbour).status(), "another address is not affected");
        assertEquals(200, keyInfo(key, null).status(), "nor is the proxy itself");

        Path log = Path.of(System.getProperty("tollgate.war")).resolveSibling("payara-micro-shared.log");
        List<String> warnings = awaitLines(log, "Key guessing throttled", guesser);
        assertEquals(1, warnings.size(), "one line per address and window: " + warnings);
        assertTrue(warnings.get(0).contains(KEY_FAILURES + " refused credentials from " + guesser), warnings.get(0));
        String whole = Files.readString(log, StandardCharsets.UTF_8);
        synchronized (guesses) {
            for (String guess : guesses) {
                assertFalse(whole.contains(guess.substring(9)), "a presented key is never logged");
            }
        }

        // The window ends within its 10 s; until then the address stays refused, after it the right key works.
        Instant deadline = Instant.now().plusSeconds(30);
        Reply after;
        while ((after = keyInfo(key, guesser)).status() == 429 && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertEquals(200, after.status(), after.response().body());
    }

    @Test
    void aStreamLongerThanTheLimitEndsWithAnErrorAndIsChargedForWhatWasDelivered() throws Exception {
        Organisation org = Organisation.funded(operator, "Abuse stream " + UUID.randomUUID(), "1");
        String key = org.inferenceKey(root);
        String model = InferenceMarketplace.ownModel(root, upstream, "endless", false);

        Reply stream = chat(key, null, model, true);
        assertEquals(200, stream.status(), stream.response().body());
        List<String> events = stream.response()
                .body()
                .lines()
                .filter(line -> line.startsWith("data: "))
                .map(line -> line.substring(6))
                .toList();
        assertTrue(events.size() > 10, "the stream ran a while first: " + events.size() + " events");
        assertFalse(events.contains("[DONE]"));
        JsonObject last = Json.createReader(new StringReader(events.get(events.size() - 1)))
                .readObject();
        assertEquals(408, last.getJsonObject("error").getInt("code"), last.toString());
        assertTrue(last.getJsonObject("error").getString("message").contains("TOLLGATE_STREAM_MAX_SECONDS"));
        assertEquals("error", last.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
        assertTrue(upstream.endlessAbandoned.await(10, TimeUnit.SECONDS), "the upstream call was cancelled");

        String id = stream.response().headers().firstValue("X-Generation-Id").orElseThrow();
        JsonObject generation = generation(key, id);
        long prompt = generation.getInt("tokens_prompt");
        long completion = generation.getInt("tokens_completion");
        assertTrue(completion > 10, "the delivered ticks are counted: " + generation);
        BigDecimal cost = generation.getJsonNumber("total_cost").bigDecimalValue();
        assertAmount(InferenceMarketplace.listCost(prompt, completion), cost);
        assertAmount(cost, decimal(credits(org.managementKey()), "total_usage"));
        assertEquals(1, upstream.received("endless").size());
    }

    @Test
    void organisationsOverTheirLimitsAreRefusedUpstreamOfAnyWorkWhileOthersGoOn() throws Exception {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String floodScenario = "cmd-flood-" + suffix;
        String brokeScenario = "cmd-broke-" + suffix;
        String calmScenario = "cmd-calm-" + suffix;
        String free = InferenceMarketplace.ownModel(root, upstream, floodScenario, true);
        String paidForBroke = InferenceMarketplace.ownModel(root, upstream, brokeScenario, false);
        String paid = InferenceMarketplace.ownModel(root, upstream, calmScenario, false);
        String flooder =
                Organisation.funded(operator, "Abuse flood " + suffix, "1").inferenceKey(root);
        String broke =
                Organisation.funded(operator, "Abuse broke " + suffix, "0").inferenceKey(root);
        Organisation calm = Organisation.funded(operator, "Abuse calm " + suffix, "10");
        String calmKey = calm.inferenceKey(root);

        List<BigDecimal> costs = new ArrayList<>();
        calls(calmKey, paid, 10, costs); // warms the path up, so that "alone" is not the first calls' latency
        List<Long> alone = calls(calmKey, paid, 30, costs);

        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<List<Reply>>> floods = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            floods.add(threads.submit(() -> repeat(flooder, free, 60)));
        }
        List<Future<List<Reply>>> brokeFloods = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            brokeFloods.add(threads.submit(() -> repeat(broke, paidForBroke, 60)));
        }
        List<Long> alongside = calls(calmKey, paid, 40, costs);
        List<Reply> flooded = new ArrayList<>();
        for (Future<List<Reply>> flood : floods) {
            flooded.addAll(flood.get(120, TimeUnit.SECONDS));
        }
        List<Reply> brokeReplies = new ArrayList<>();
        for (Future<List<Reply>> flood : brokeFloods) {
            brokeReplies.addAll(flood.get(120, TimeUnit.SECONDS));
        }
        threads.shutdown();

        long answered = flooded.stream().filter(reply -> reply.status() == 200).count();
        for (Reply reply : flooded) {
            if (reply.status() != 200) {
                assertEquals(429, reply.status(), reply.response().body());
                assertEquals(429, reply.error().getInt("code"));
                assertTrue(reply.error().getString("message").startsWith("Rate limit exceeded: free-models-per-"));
                assertTrue(reply.response().headers().firstValue("Retry-After").isPresent());
            }
        }
        // 20 a minute; the flood may straddle two minutes, never more (the day allows 50).
        assertTrue(answered >= 20 && answered <= 40, answered + " free calls answered");
        assertEquals(answered, upstream.received(floodScenario).size(), "the upstream saw only the admitted calls");

        for (Reply reply : brokeReplies) {
            assertEquals(402, reply.status(), reply.response().body());
            assertEquals(402, reply.error().getInt("code"));
        }
        assertEquals(0, upstream.received(brokeScenario).size(), "no call without credit reached the upstream");

        assertEquals(80, upstream.received(calmScenario).size(), "every call of the calm organisation was answered");
        assertAmount(
                costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add),
                decimal(credits(calm.managementKey()), "total_usage"),
                "the calm organisation paid exactly its answers' costs");
        assertTrue(operator.get("/api/admin/v1/ledger/summary").body().getBoolean("balanced"));
        System.out.printf(
                "AbuseIT: calm organisation's latency alone p50 %.1f ms, p99 %.1f ms; alongside the floods"
                        + " (%d free, %d without credit) p50 %.1f ms, p99 %.1f ms%n",
                percentile(alone, 50),
                percentile(alone, 99),
                flooded.size(),
                brokeReplies.size(),
                percentile(alongside, 50),
                percentile(alongside, 99));
    }

    /** Sequential paid calls that must all be answered; their latencies in nanoseconds, their costs added to costs. */
    private List<Long> calls(String key, String model, int count, List<BigDecimal> costs) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            Reply reply = chat(key, null, model, false);
            nanos.add(System.nanoTime() - started);
            assertEquals(200, reply.status(), reply.response().body());
            JsonObject usage = reply.json().getJsonObject("usage");
            BigDecimal cost = usage.getJsonNumber("cost").bigDecimalValue();
            assertAmount(
                    InferenceMarketplace.listCost(usage.getInt("prompt_tokens"), usage.getInt("completion_tokens")),
                    cost);
            costs.add(cost);
        }
        return nanos;
    }

    private List<Reply> repeat(String key, String model, int count) throws Exception {
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replies.add(chat(key, null, model, false));
        }
        return replies;
    }

    private static double percentile(List<Long> nanos, int percent) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private Reply keyInfo(String key, String client) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve("/api/v1/key"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key);
        Optional.ofNullable(client).ifPresent(address -> request.header("X-Forwarded-For", address));
        return send(request.GET().build());
    }

    private Reply chat(String key, String client, String model, boolean stream) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve("/api/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key);
        Optional.ofNullable(client).ifPresent(address -> request.header("X-Forwarded-For", address));
        return send(request.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}"))
                .build());
    }

    private static Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response);
    }

    private JsonObject generation(String key, String id) throws Exception {
        return Http.recordedGeneration(root, key, id, Duration.ofSeconds(10));
    }

    private JsonObject credits(String managementKey) throws Exception {
        OperatorClient.Answer credits = new OperatorClient(root, managementKey).get("/api/v1/credits");
        assertEquals(200, credits.status(), credits.raw());
        return credits.body().getJsonObject("data");
    }

    private static List<String> awaitLines(Path log, String... words) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            List<String> lines;
            try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
                lines = all.filter(line -> Stream.of(words).allMatch(line::contains))
                        .toList();
            }
            if (!lines.isEmpty() || Instant.now().isAfter(deadline)) {
                assertNotNull(lines);
                assertFalse(lines.isEmpty(), "no log line with " + List.of(words) + " in " + log);
                return lines;
            }
            Thread.sleep(100);
        }
    }

    private static BigDecimal decimal(JsonObject object, String field) {
        return object.getJsonNumber(field).bigDecimalValue();
    }

    private static void assertAmount(BigDecimal expected, BigDecimal actual) {
        assertAmount(expected, actual, "amounts differ");
    }

    private static void assertAmount(BigDecimal expected, BigDecimal actual, String message) {
        assertEquals(0, expected.compareTo(actual), message + ": expected " + expected + ", was " + actual);
    }
}
