package dev.tollgate.web.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.Http;
import dev.tollgate.web.support.InferenceMarketplace;
import dev.tollgate.web.support.InferenceMarketplace.Organisation;
import dev.tollgate.web.support.OperatorClient;
import dev.tollgate.web.support.OperatorClient.Answer;
import dev.tollgate.web.support.SharedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 10, bad input: every case of {@link BadInputCorpus} sent to the running server, each answered with the 4xx it
 * names in OpenRouter's envelope ({@code {"error":{"code":<the status>,"message":"…"}}}, as JSON), never a 5xx, never
 * a stack trace or a Java class name. The cases use an organisation and keys of their own and only ever send what
 * must be refused, so they change nothing another test class can see. One HTTP/1.1 client, one request at a time.
 */
class BadInputIT extends DeployedTollgate {

    /** What must never leave the server: traces and the names of the classes inside it. */
    private static final List<String> LEAKS = List.of(
            "Exception",
            "at dev.",
            "dev.tollgate",
            "org.glassfish",
            "org.eclipse",
            "java.",
            "jakarta.",
            "com.stripe",
            "fish.payara",
            "PSQL",
            "<html");

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The deployment's {@code tollgate.api.max-body-bytes}, as {@link SharedPostgres} sets it. */
    private static final int BODY_LIMIT = 262_144;

    private static Credentials credentials;

    private record Credentials(String operator, String management, String inference, BadInputCorpus corpus) {}

    @TestFactory
    Stream<DynamicTest> everyBadRequestIsRefusedWithA4xxInOpenRoutersEnvelope() throws Exception {
        URI root = base.toURI();
        Credentials with = credentials(root);
        List<BadRequest> corpus = with.corpus().cases();
        assertTrue(corpus.size() >= 100, "a corpus of at least 100 cases, not " + corpus.size());
        Stream<DynamicTest> cases =
                corpus.stream().map(request -> dynamicTest(request.toString(), () -> refused(root, with, request)));
        // Last: after all that, the server still serves.
        return Stream.concat(cases, Stream.of(dynamicTest("the server still serves", () -> stillServes(root))));
    }

    @Test
    void everyPathTheApiDocumentsIsInTheCorpus() throws Exception {
        URI root = base.toURI();
        String openApi = Http.get(root.resolve("/openapi")).body();
        Set<String> documented = new LinkedHashSet<>();
        Matcher path = Pattern.compile("(?m)^  (/api/\\S+):$").matcher(openApi);
        while (path.find()) {
            documented.add(path.group(1));
        }
        assertTrue(documented.size() >= 20, openApi);
        List<String> tried = credentials(root).corpus().cases().stream()
                .map(request -> request.path().replaceFirst("\\?.*", ""))
                .toList();
        for (String template : documented) {
            Pattern matches = Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E.+\\\\Q"));
            assertTrue(
                    tried.stream().anyMatch(sent -> matches.matcher(sent).matches()),
                    "no bad input tried on " + template);
        }
    }

    private static void refused(URI root, Credentials with, BadRequest bad) throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(request(root, with, bad), HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String shown = response.statusCode() + " " + body.substring(0, Math.min(body.length(), 600));
        assertEquals(bad.status(), response.statusCode(), shown);
        for (String leak : LEAKS) {
            assertFalse(body.contains(leak), "leaks \"" + leak + "\": " + shown);
        }
        assertTrue(
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "not JSON: " + response.headers().map() + " " + shown);
        JsonObject error;
        try (var reader = Json.createReader(new StringReader(body))) {
            error = reader.readObject().getJsonObject("error");
        } catch (JsonException | ClassCastException e) {
            throw new AssertionError("not OpenRouter's envelope: " + shown, e);
        }
        if (error == null) {
            fail("no \"error\" object: " + shown);
        }
        assertEquals(bad.status(), error.getInt("code"), shown);
        assertEquals(JsonValue.ValueType.STRING, error.get("message").getValueType(), shown);
        assertFalse(error.getString("message").isBlank(), shown);
        if (error.containsKey("metadata")) {
            // Left out when there is none, as OpenRouter does; never null.
            assertEquals(JsonValue.ValueType.OBJECT, error.get("metadata").getValueType(), shown);
        }
    }

    private static HttpRequest request(URI root, Credentials with, BadRequest bad) {
        HttpRequest.BodyPublisher body;
        if (bad.body() == null) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (bad.chunked()) {
            body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        } else {
            body = HttpRequest.BodyPublishers.ofByteArray(bad.body());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(root.resolve("/") + bad.path().substring(1)))
                .timeout(Duration.ofSeconds(30))
                .method(bad.method(), body);
        switch (bad.caller()) {
            case OPERATOR -> request.header("Authorization", "Bearer " + with.operator());
            case MANAGEMENT -> request.header("Authorization", "Bearer " + with.management());
            case INFERENCE -> request.header("Authorization", "Bearer " + with.inference());
            case NONE -> {}
        }
        bad.headers().forEach(request::setHeader);
        return request.build();
    }

    private static void stillServes(URI root) throws Exception {
        assertEquals(200, Http.get(root.resolve("/health/ready")).statusCode());
        Answer models = new OperatorClient(root, null).get("/api/v1/models");
        assertEquals(200, models.status(), models.raw());
    }

    /** An organisation of this class's own, funded with one dollar, with a management and an inference key. */
    private static synchronized Credentials credentials(URI root) throws Exception {
        if (credentials == null) {
            String model = InferenceMarketplace.on(root).model("chat");
            OperatorClient operator = new OperatorClient(root, SharedPostgres.OPERATOR_TOKEN);
            Organisation org = Organisation.funded(operator, "Bad input " + UUID.randomUUID(), "1");
            Answer key = new OperatorClient(root, org.managementKey()).post("/api/v1/keys", "{\"name\":\"bad input\"}");
            assertEquals(201, key.status(), key.raw());
            BadInputCorpus corpus = new BadInputCorpus(
                    model, org.id(), key.body().getJsonObject("data").getString("hash"), BODY_LIMIT);
            credentials = new Credentials(
                    SharedPostgres.OPERATOR_TOKEN,
                    org.managementKey(),
                    key.body().getString("key"),
                    corpus);
        }
        return credentials;
    }
}
