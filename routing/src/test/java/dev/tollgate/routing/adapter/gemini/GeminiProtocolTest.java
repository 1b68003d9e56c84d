package dev.tollgate.routing.adapter.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.ChatCompletion;
import dev.tollgate.routing.adapter.HttpProviderAdapter;
import dev.tollgate.routing.adapter.SseEvent;
import dev.tollgate.routing.adapter.SseReader;
import dev.tollgate.routing.adapter.StreamTranslator;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.UpstreamRequest;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;

class GeminiProtocolTest {

    private static final String KEY = "AIzaSy-test-key";

    private final GeminiProtocol protocol = new GeminiProtocol();

    @Test
    void aChatRequestBecomesAGenerateContentRequest() {
        JsonObject chat = (JsonObject) fixture("chat-request.json");

        JsonObject body = GeminiProtocol.body(new ChatCall(chat, false));

        assertEquals(fixture("generate-content-request.json"), body);
    }

    @Test
    void aNamedToolChoiceAndAJsonSchemaMapToForcedCallingAndASchema() {
        JsonObject schema = WireJson.parseObject("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}");
        JsonObject chat = WireJson.object()
                .add("messages", WireJson.array().add(message("user", "Count")))
                .add("max_tokens", 64)
                .add("stop", "END")
                .add(
                        "tool_choice",
                        WireJson.object()
                                .add("type", "function")
                                .add("function", WireJson.object().add("name", "count")))
                .add(
                        "response_format",
                        WireJson.object()
                                .add("type", "json_schema")
                                .add(
                                        "json_schema",
                                        WireJson.object().add("name", "n").add("schema", schema)))
                .build();

        JsonObject body = GeminiProtocol.body(new ChatCall(chat, true));

        assertEquals(
                WireJson.parseObject("{\"maxOutputTokens\":64,\"stopSequences\":[\"END\"],"
                        + "\"responseMimeType\":\"application/json\",\"responseJsonSchema\":" + WireJson.write(schema)
                        + "}"),
                body.getJsonObject("generationConfig"));
        assertEquals(
                WireJson.parseObject(
                        "{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"count\"]}}"),
                body.getJsonObject("toolConfig"));
    }

    @Test
    void toolCallArgumentsThatAreNotJsonMakeTheCallABadRequest() {
        JsonObject chat = WireJson.parseObject("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_9\",\"type\":\"function\","
                + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{city: Paris\"}}]}]}");
        HttpProviderAdapter adapter = new HttpProviderAdapter(Protocol.GEMINI, protocol, HttpClients.createDefault());

        UpstreamFailure failure = assertThrows(
                UpstreamFailure.class, () -> adapter.start(endpoint(Optional.of(KEY)), new ChatCall(chat, false)));
        assertEquals(UpstreamFailure.Kind.BAD_REQUEST, failure.kind());
        assertEquals(
                "the arguments of the tool call to \"lookup\" are not a JSON object: {city: Paris",
                failure.getMessage());
    }

    @Test
    void aToolResultForAnUnknownCallIsRefused() {
        JsonObject chat = WireJson.parseObject("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_7\",\"content\":\"42\"}]}");

        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> GeminiProtocol.body(new ChatCall(chat, false)));

        assertEquals(
                "the tool message answers tool call \"call_7\", which no earlier assistant message made",
                refused.getMessage());
    }

    @Test
    void aWholeAnswerGoesToGenerateContentWithTheKeyInAHeader() {
        UpstreamRequest request = protocol.request(endpoint(Optional.of(KEY)), simpleCall(false));

        assertEquals(
                URI.create("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"),
                request.uri());
        assertEquals(Optional.of(KEY), request.header("x-goog-api-key"));
        assertEquals("POST", request.method());
    }

    @Test
    void aStreamGoesToStreamGenerateContentAsServerSentEvents() {
        UpstreamRequest request = protocol.request(endpoint(Optional.of(KEY)), simpleCall(true));

        assertEquals(
                URI.create("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash"
                        + ":streamGenerateContent?alt=sse"),
                request.uri());
        assertEquals(Optional.of(KEY), request.header("x-goog-api-key"));
    }

    @Test
    void aProviderWithoutAKeySendsNoKeyHeader() {
        UpstreamRequest request = protocol.request(endpoint(Optional.empty()), simpleCall(false));

        assertEquals(Optional.empty(), request.header("x-goog-api-key"));
    }

    @Test
    void aRecordedAnswerBecomesAChatCompletion() throws UpstreamFailure {
        ChatCompletion completion = protocol.completion((JsonObject) fixture("generate-content-response.json"));

        assertEquals(fixture("chat-completion.json"), completion.body());
        assertEquals(new TokenUsage(1187, 41 + 166, 166, 1024), completion.usage());
    }

    @Test
    void aBlockedPromptIsAContentFilterChoiceWithoutContent() throws UpstreamFailure {
        ChatCompletion completion = protocol.completion((JsonObject) fixture("blocked-response.json"));

        assertEquals(
                WireJson.parseObject("{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":null},"
                        + "\"finish_reason\":\"content_filter\",\"native_finish_reason\":\"PROHIBITED_CONTENT\"}]}"),
                completion.body());
        assertEquals(new TokenUsage(23, 0, 0, 0), completion.usage());
    }

    @Test
    void aRecordedStreamBecomesChunksEndingWithUsage() throws UpstreamFailure {
        StreamTranslator translator = protocol.streamTranslator();

        List<JsonObject> chunks = translate(translator, "stream.sse");
        chunks.addAll(translator.onEnd());

        assertEquals(fixture("stream-chunks.json"), toArray(chunks));
    }

    @Test
    void aBlockedPromptInAStreamEndsWithContentFilter() throws UpstreamFailure {
        StreamTranslator translator = protocol.streamTranslator();
        byte[] sse = ("data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"},"
                        + "\"usageMetadata\":{\"promptTokenCount\":9,\"totalTokenCount\":9}}\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);

        List<JsonObject> chunks = translate(translator, sse);
        chunks.addAll(translator.onEnd());

        assertEquals(
                WireJson.parseObject("{\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"content_filter\",\"native_finish_reason\":\"SAFETY\"}]}"),
                chunks.get(1));
        assertEquals(9, chunks.get(2).getJsonObject("usage").getInt("prompt_tokens"));
        assertEquals(3, chunks.size());
    }

    @Test
    void anErrorEventFailsTheStreamWithTheProvidersStatus() {
        StreamTranslator translator = protocol.streamTranslator();

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> translate(translator, "error-stream.sse"));

        assertEquals(UpstreamFailure.Kind.RATE_LIMITED, failure.kind());
        assertEquals(429, failure.upstreamStatus());
        assertEquals("Resource has been exhausted (e.g. check quota).", failure.getMessage());
    }

    @Test
    void aStreamCutBeforeAFinishReasonIsAConnectionFailure() throws UpstreamFailure {
        StreamTranslator translator = protocol.streamTranslator();
        List<JsonObject> chunks = translate(translator, "cut-stream.sse");

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, translator::onEnd);

        assertEquals(3, chunks.size());
        assertEquals(UpstreamFailure.Kind.CONNECTION, failure.kind());
        assertEquals("the provider's stream ended before a finish reason", failure.getMessage());
    }

    @Test
    void theErrorMessageIsGooglesErrorMessage() {
        String body = "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
                + "\"status\":\"INVALID_ARGUMENT\"}}";

        assertEquals("API key not valid. Please pass a valid API key.", protocol.errorMessage(body));
    }

    private static ChatCall simpleCall(boolean stream) {
        return new ChatCall(
                WireJson.object()
                        .add("messages", WireJson.array().add(message("user", "Hello")))
                        .build(),
                stream);
    }

    private static JsonObject message(String role, String content) {
        return WireJson.object().add("role", role).add("content", content).build();
    }

    private static RoutableEndpoint endpoint(Optional<String> apiKey) {
        CatalogProvider google = new CatalogProvider(
                "google-ai-studio",
                "Google AI Studio",
                Protocol.GEMINI,
                URI.create("https://generativelanguage.googleapis.com/v1beta/"),
                apiKey,
                false,
                false);
        TokenPrices prices = new TokenPrices(new BigDecimal("0.0000003"), new BigDecimal("0.0000025"), null, null);
        return new RoutableEndpoint(
                UUID.randomUUID(),
                "google/gemini-2.5-flash",
                google,
                "gemini-2.5-flash",
                prices,
                BigDecimal.ZERO,
                prices,
                1_048_576,
                Optional.of(65_536),
                Set.of("tools", "temperature"),
                Optional.empty(),
                Optional.empty());
    }

    private static List<JsonObject> translate(StreamTranslator translator, String fixture) throws UpstreamFailure {
        try (InputStream in = GeminiProtocolTest.class.getResourceAsStream("/fixtures/gemini/" + fixture)) {
            return translate(translator, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonObject> translate(StreamTranslator translator, byte[] sse) throws UpstreamFailure {
        SseReader reader = new SseReader(new ByteArrayInputStream(sse));
        List<JsonObject> chunks = new ArrayList<>();
        try {
            for (Optional<SseEvent> event = reader.next(); event.isPresent(); event = reader.next()) {
                chunks.addAll(translator.onEvent(event.get()));
                assertFalse(translator.finished(), "Gemini streams end only when the connection closes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunks;
    }

    private static JsonArray toArray(List<JsonObject> chunks) {
        var array = WireJson.array();
        chunks.forEach(array::add);
        return array.build();
    }

    private static JsonValue fixture(String name) {
        try (InputStream in = GeminiProtocolTest.class.getResourceAsStream("/fixtures/gemini/" + name)) {
            return WireJson.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
