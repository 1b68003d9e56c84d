package dev.tollgate.web.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.InferenceMarketplace;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What OpenAI's SDK does not show: OpenRouter's own fields (generation records, attempts, attribution, key usage) and
 * every way a call fails, seen on the wire with plain HTTP.
 */
class InferenceFailuresIT extends DeployedTollgate {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private InferenceMarketplace market;
    private URI root;

    @BeforeEach
    void connect() throws Exception {
        root = base.toURI();
        market = InferenceMarketplace.on(root);
    }

    private record Reply(int status, HttpResponse<String> response, String body) {

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        JsonObject error() {
            return json().getJsonObject("error");
        }

        String generationId() {
            return response.headers().firstValue("X-Generation-Id").orElseThrow();
        }

        /** The {@code data:} payloads of a stream, in order. */
        List<String> events() {
            List<String> events = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring("data: ".length()));
                }
            }
            return events;
        }
    }

    private Reply post(String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response, response.body());
    }

    private Reply chat(String model, boolean stream, String... headers) throws Exception {
        return post(
                "/api/v1/chat/completions",
                market.keyA,
                // Sorted by price: where a model has several endpoints, the cheapest (failing) one is tried first.
                "{\"model\":\"" + market.model(model) + "\",\"stream\":" + stream
                        + ",\"provider\":{\"sort\":\"price\"}"
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}",
                headers);
    }

    private JsonObject generation(String key, String id) throws Exception {
        return Http.recordedGeneration(root, key, id, Duration.ofSeconds(5));
    }

    @Test
    void aFailingCheaperProviderFallsBackAndEveryAttemptIsRecorded() throws Exception {
        Reply reply = chat("fallback", false, "HTTP-Referer", "https://app.example", "X-Title", "Example App");
        assertEquals(200, reply.status(), reply.body());
        assertEquals("Fake openai", reply.json().getString("provider"));

        JsonObject generation = generation(market.keyA, reply.generationId());
        JsonArray attempts = generation.getJsonArray("provider_responses");
        assertEquals(3, attempts.size(), attempts.toString());
        assertEquals(500, attempts.getJsonObject(0).getInt("status"));
        assertEquals(429, attempts.getJsonObject(1).getInt("status"));
        assertEquals(200, attempts.getJsonObject(2).getInt("status"));
        assertEquals(
                List.of("fail500", "rate429", "openai"),
                generation
                        .getJsonObject("routing")
                        .getJsonArray("candidates")
                        .getValuesAs(JsonString::getString)
                        .stream()
                        .map(candidate -> candidate.substring(candidate.indexOf('@') + 1, candidate.lastIndexOf('-')))
                        .toList(),
                "the route is explained: the planned endpoints, in order");
        assertEquals("https://app.example", generation.getString("http_referer"));
        assertEquals("Example App", generation.getString("app_title"));
        assertEquals(market.model("fallback"), generation.getString("model"));
        assertEquals(12, generation.getInt("tokens_prompt"));
        assertEquals(3, generation.getInt("tokens_completion"));
        assertEquals(
                0,
                reply.json()
                        .getJsonObject("usage")
                        .getJsonNumber("cost")
                        .bigDecimalValue()
                        .compareTo(generation.getJsonNumber("total_cost").bigDecimalValue()),
                "the generation's cost is the response's");
        assertFalse(generation.getBoolean("streamed"));

        assertEquals(
                404,
                HTTP.send(
                                HttpRequest.newBuilder(root.resolve("/api/v1/generation?id=" + reply.generationId()))
                                        .header("Authorization", "Bearer " + market.keyB)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode(),
                "another organisation's generation is unknown to it");
    }

    @Test
    void whenEveryProviderFailsTheLastFailureDecidesAndEachIsListed() throws Exception {
        Reply down = chat("down", false);
        assertEquals(429, down.status(), down.body());
        JsonArray previous = down.error().getJsonObject("metadata").getJsonArray("previous_errors");
        assertEquals(2, previous.size());
        assertEquals(500, previous.getJsonObject(0).getInt("status"));

        Reply broken = chat("broken", false);
        assertEquals(502, broken.status(), broken.body());
        assertEquals(502, broken.error().getInt("code"));
        assertTrue(broken.error().getString("message").contains("upstream exploded"), broken.body());

        Reply brokenStream = chat("broken", true);
        assertEquals(502, brokenStream.status(), "a stream that never started fails with a real status");
    }

    @Test
    void aRequestTheProviderRefusesIsNotRetriedElsewhere() throws Exception {
        Reply refused = chat("refused", false);
        assertEquals(400, refused.status(), refused.body());
        assertEquals(
                1,
                refused.error()
                        .getJsonObject("metadata")
                        .getJsonArray("previous_errors")
                        .size());
    }

    @Test
    void aProviderThatNeverAnswersTimesOut() throws Exception {
        Reply hang = chat("hang", false);
        assertEquals(408, hang.status(), hang.body());
        assertEquals("timeout", hang.error().getJsonObject("metadata").getString("error_type"));
    }

    @Test
    void anErrorAfterTheFirstChunkEndsTheStreamWithAnErrorChunk() throws Exception {
        for (String model : List.of("midstream", "cut", "stall")) {
            Reply reply = chat(model, true);
            assertEquals(200, reply.status(), model + ": " + reply.body());
            List<String> events = reply.events();
            JsonObject last = Json.createReader(new StringReader(events.get(events.size() - 1)))
                    .readObject();
            assertTrue(last.containsKey("error"), model + ": " + reply.body());
            assertEquals("error", last.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
            assertFalse(reply.body().contains("[DONE]"), model);
            JsonObject generation = generation(market.keyA, reply.generationId());
            assertEquals("error", generation.getString("finish_reason"), model);
            assertEquals(
                    0, generation.getJsonNumber("total_cost").bigDecimalValue().signum(), "a failed answer is free");
        }
    }

    @Test
    void keepAliveCommentsAreSentWhileTheProviderThinks() throws Exception {
        Reply reply = chat("slow", true);
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.body().startsWith(": OPENROUTER PROCESSING\n\n"), reply.body());
        assertTrue(reply.body().endsWith("data: [DONE]\n\n"), reply.body());
        JsonObject usageChunk = Json.createReader(
                        new StringReader(reply.events().get(reply.events().size() - 2)))
                .readObject();
        assertEquals(0, usageChunk.getJsonArray("choices").size());
        assertEquals(
                0,
                InferenceMarketplace.listCost(12, 3)
                        .compareTo(usageChunk
                                .getJsonObject("usage")
                                .getJsonNumber("cost")
                                .bigDecimalValue()));
    }

    @Test
    void aCallerWhoLeavesCancelsTheUpstreamCall() throws Exception {
        // A raw socket: closing it is exactly what a caller that goes away does (java.net.http keeps the
        // connection open after the body stream is closed).
        String body = "{\"model\":\"" + market.model("endless")
                + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Go on\"}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String id = null;
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/chat/completions HTTP/1.1\r\nHost: " + root.getHost() + "\r\n"
                            + "Authorization: Bearer " + market.keyA + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = reader.readLine();
                if (line != null && line.regionMatches(true, 0, "X-Generation-Id: ", 0, 17)) {
                    id = line.substring(17).strip();
                }
            } while (line != null && !line.contains("tick 2"));
        }
        assertTrue(
                market.upstream.endlessAbandoned.await(10, TimeUnit.SECONDS),
                "the upstream call is cancelled once the caller has gone");
        assertTrue(generation(market.keyA, id).getBoolean("cancelled"));
    }

    @Test
    void keysAreCheckedFirst() throws Exception {
        String body =
                "{\"model\":\"" + market.model("chat") + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertEquals(401, post("/api/v1/chat/completions", null, body).status());
        Reply unknown = post("/api/v1/chat/completions", "sk-or-v1-" + "0".repeat(64), body);
        assertEquals(401, unknown.status());
        assertEquals(401, unknown.error().getInt("code"));
        Reply management = post("/api/v1/chat/completions", market.managementKeyA, body);
        assertEquals(403, management.status(), management.body());
        assertEquals(
                403, post("/api/v1/completions", market.managementKeyA, body).status());
    }

    @Test
    void badRequestsGetA400ThatSaysWhatIsWrong() throws Exception {
        String model = market.model("chat");
        String[][] cases = {
            {"{\"model\":", "not valid JSON"},
            {"[1,2]", "must be a JSON object"},
            {"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "\"model\" is required"},
            {"{\"model\":\"" + model + "\"}", "\"messages\" is required"},
            {"{\"model\":\"" + model + "\",\"messages\":[]}", "\"messages\" is required"},
            {"{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", ".role\""},
            {"{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", ".content\""},
            {
                "{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}",
                "\"temperature\" must be a number"
            },
            {
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}",
                "\"max_tokens\" must be at least 1"
            },
            {
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}",
                "\"stream\" must be true or false"
            },
            {
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                        + "\"provider\":{\"sort\":\"vibes\"}}",
                "\"provider.sort\""
            },
            {
                "{\"model\":\"nobody/nothing\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "not a valid model ID"
            },
            {
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                        + "\"image_url\":{\"url\":\"file:///etc/passwd\"}}]}]}",
                "image_url.url"
            }
        };
        for (String[] bad : cases) {
            Reply reply = post("/api/v1/chat/completions", market.keyA, bad[0]);
            assertEquals(400, reply.status(), bad[0] + " → " + reply.body());
            assertEquals(400, reply.error().getInt("code"));
            assertTrue(reply.error().getString("message").contains(bad[1]), bad[0] + " → " + reply.body());
        }
        Reply noPrompt = post("/api/v1/completions", market.keyA, "{\"model\":\"" + model + "\"}");
        assertEquals(400, noPrompt.status());
        assertTrue(noPrompt.error().getString("message").contains("\"prompt\""), noPrompt.body());

        String huge = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(300_000) + "\"}]}";
        Reply tooLarge = post("/api/v1/chat/completions", market.keyA, huge);
        assertEquals(413, tooLarge.status(), tooLarge.body());
        assertEquals(413, tooLarge.error().getInt("code"));
    }

    @Test
    void theKeyReportsWhatItSpent() throws Exception {
        String before = keyInfo().getJsonNumber("usage").bigDecimalValue().toPlainString();
        Reply reply = chat("chat", false);
        assertEquals(200, reply.status(), reply.body());
        generation(market.keyA, reply.generationId());
        JsonObject after = keyInfo();
        assertEquals(
                0,
                new BigDecimal(before)
                        .add(InferenceMarketplace.listCost(12, 3))
                        .compareTo(after.getJsonNumber("usage").bigDecimalValue()),
                after.toString());
        assertFalse(after.getBoolean("is_management_key"));
        assertTrue(after.getString("label").startsWith("sk-or-v1-"));
        assertFalse(after.toString().contains(market.keyA), "the key itself is never shown");
    }

    private JsonObject keyInfo() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/key"))
                        .header("Authorization", "Bearer " + market.keyA)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject().getJsonObject("data");
    }
}
