package dev.tollgate.routing.adapter.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicProtocolTest {

    private static final String MODEL = "claude-sonnet-4-20250514";

    private final AnthropicProtocol protocol = new AnthropicProtocol();

    // --- request -----------------------------------------------------------------------------------------------

    @Test
    void aChatRequestWithSystemImagesToolsAndToolResultsBecomesAMessagesRequest() {
        JsonObject chat = fixture("chat-request.json");

        JsonObject body = AnthropicRequestMapper.body(MODEL, new ChatCall(chat, false));

        assertEquals(fixture("messages-request.json"), body);
    }

    @Test
    void theRequestIsPostedToMessagesWithTheKeyAndTheApiVersion() throws Exception {
        ChatCall call = new ChatCall(json("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), false);

        UpstreamRequest request = protocol.request(endpoint(Optional.of("sk-ant-test")), call);

        assertEquals(URI.create("https://api.anthropic.com/v1/messages"), request.uri());
        assertEquals("POST", request.method());
        assertEquals(
                List.of("sk-ant-test"), request.header("x-api-key").stream().toList());
        assertEquals(
                List.of("2023-06-01"),
                request.header("anthropic-version").stream().toList());
        assertEquals(
                List.of("application/json"), request.header("Accept").stream().toList());
        assertEquals(
                List.of("application/json"),
                request.header("Content-Type").stream().toList());
        assertEquals(
                json("{\"model\":\"" + MODEL + "\",\"max_tokens\":4096,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}"),
                WireJson.parseObject(request.bodyText()));
    }

    @Test
    void aProviderWithoutKeyGetsNoKeyHeaderAndAStreamAsksForEvents() {
        ChatCall call = new ChatCall(json("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), true);

        UpstreamRequest request = protocol.request(endpoint(Optional.empty()), call);

        assertEquals(List.of(), request.header("x-api-key").stream().toList());
        assertEquals(
                List.of("text/event-stream"), request.header("Accept").stream().toList());
    }

    @Test
    void aStreamingCallWithAStopStringAndNoMaxTokens() {
        JsonObject chat = json("{\"messages\":[{\"role\":\"user\",\"content\":\"Count to ten\"}],"
                + "\"stop\":\"7\",\"stream\":true,\"n\":2,\"response_format\":{\"type\":\"json_object\"}}");

        JsonObject body = AnthropicRequestMapper.body(MODEL, new ChatCall(chat, true));

        assertEquals(
                json("{\"model\":\"" + MODEL + "\",\"max_tokens\":4096,"
                        + "\"system\":\"Respond only with a valid JSON object, with no other text.\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Count to ten\"}]}],"
                        + "\"stop_sequences\":[\"7\"],\"stream\":true}"),
                body);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"auto\"                                           | true  | {\"type\":\"auto\"}",
                "\"required\"                                       | true  | {\"type\":\"any\"}",
                "\"none\"                                           | false | {\"type\":\"none\"}",
                "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}} | true | {\"type\":\"tool\",\"name\":\"get_weather\"}",
                "\"required\"                                       | false | {\"type\":\"any\",\"disable_parallel_tool_use\":true}",
                "null                                               | false | {\"type\":\"auto\",\"disable_parallel_tool_use\":true}",
            })
    void toolChoicesMapToAnthropics(String openAiChoice, boolean parallel, String anthropicChoice) {
        JsonObject chat = json("{\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Oslo?\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}],"
                + "\"tool_choice\":" + openAiChoice + ",\"parallel_tool_calls\":" + parallel + "}");

        JsonObject body = AnthropicRequestMapper.body(MODEL, new ChatCall(chat, false));

        assertEquals(json(anthropicChoice), body.getJsonObject("tool_choice"));
        assertEquals(
                json("{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}"),
                body.getJsonArray("tools").getJsonObject(0));
    }

    @Test
    void aSystemPartWithACacheBreakpointKeepsTheSystemAsBlocks() {
        JsonObject chat = json("{\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Long"
                + " manual\",\"cache_control\":{\"type\":\"ephemeral\"}}]},{\"role\":\"system\",\"content\":\"Be"
                + " brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]}");

        JsonObject body = AnthropicRequestMapper.body(MODEL, new ChatCall(chat, false));

        assertEquals(
                json("{\"system\":[{\"type\":\"text\",\"text\":\"Long manual\","
                        + "\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":\"Be brief.\"}]}"),
                WireJson.object().add("system", body.get("system")).build());
    }

    @Test
    void toolArgumentsThatAreNotJsonAreABadRequest() throws Exception {
        JsonObject chat = json("{\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_7\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{location: Oslo\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_7\",\"content\":\"rain\"}]}");

        IllegalArgumentException thrown = assertThrows(
                IllegalArgumentException.class, () -> AnthropicRequestMapper.body(MODEL, new ChatCall(chat, false)));
        assertEquals(
                "the arguments of tool call call_7 are not a JSON object, which an Anthropic model needs as the"
                        + " tool's input",
                thrown.getMessage());

        HttpProviderAdapter adapter =
                new HttpProviderAdapter(Protocol.ANTHROPIC, protocol, HttpClients.createDefault());
        UpstreamFailure failure = assertThrows(
                UpstreamFailure.class,
                () -> adapter.start(endpoint(Optional.of("sk-ant-test")), new ChatCall(chat, false)));
        assertEquals(UpstreamFailure.Kind.BAD_REQUEST, failure.kind());
    }

    @Test
    void anImageThatIsNeitherAnHttpUrlNorADataUriIsABadRequest() {
        JsonObject chat = json("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"file:///etc/passwd\"}}]}]}");

        IllegalArgumentException thrown = assertThrows(
                IllegalArgumentException.class, () -> AnthropicRequestMapper.body(MODEL, new ChatCall(chat, false)));
        assertEquals("an image_url must be an http(s) URL or a base64 data URI", thrown.getMessage());
    }

    // --- whole answer ------------------------------------------------------------------------------------------

    @Test
    void aMessageWithTextAndAToolUseBecomesACompletion() throws UpstreamFailure {
        ChatCompletion completion = protocol.completion(fixture("message-response.json"));

        assertEquals(fixture("chat-completion.json"), completion.body());
        // 412 uncached + 2048 read from the cache + 1536 written to it
        assertEquals(new TokenUsage(3996, 71, 0, 2048), completion.usage());
    }

    @Test
    void aTextOnlyMessageCutAtMaxTokensHasNoToolCalls() throws UpstreamFailure {
        JsonObject answer = json("{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + MODEL
                + "\",\"content\":[{\"type\":\"text\",\"text\":\"Once upon\"},{\"type\":\"text\",\"text\":\" a"
                + " time\"}],\"stop_reason\":\"max_tokens\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":12,\"output_tokens\":4}}");

        ChatCompletion completion = protocol.completion(answer);

        assertEquals(
                json("{\"role\":\"assistant\",\"content\":\"Once upon a time\"}"),
                completion.body().getJsonArray("choices").getJsonObject(0).getJsonObject("message"));
        assertEquals(
                "length",
                completion.body().getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
        assertEquals(new TokenUsage(12, 4, 0, 0), completion.usage());
    }

    @Test
    void theErrorBodysMessageIsShown() {
        String body = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"max_tokens: 100000 > 64000, which is the maximum allowed\"},"
                + "\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";

        assertEquals("max_tokens: 100000 > 64000, which is the maximum allowed", protocol.errorMessage(body));
    }

    // --- stream ------------------------------------------------------------------------------------------------

    @Test
    void aStreamWithTextAndTwoToolUsesBecomesChunks() throws Exception {
        StreamTranslator translator = protocol.streamTranslator();
        List<JsonObject> chunks = new ArrayList<>();
        SseReader events = sse("stream-tool-use.sse");
        Optional<SseEvent> event;
        while ((event = events.next()).isPresent()) {
            assertFalse(translator.finished(), "no event may follow message_stop");
            chunks.addAll(translator.onEvent(event.get()));
        }

        assertTrue(translator.finished());
        assertEquals(List.of(), translator.onEnd());
        assertEquals(
                fixture("stream-tool-use-chunks.json").getJsonArray("chunks").getValuesAs(JsonObject.class), chunks);
    }

    @Test
    void anOverloadMidStreamIsAServerFailureAfterTheChunksBeforeIt() throws Exception {
        StreamTranslator translator = protocol.streamTranslator();
        List<JsonObject> chunks = new ArrayList<>();
        SseReader events = sse("stream-overloaded.sse");

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> {
            Optional<SseEvent> event;
            while ((event = events.next()).isPresent()) {
                chunks.addAll(translator.onEvent(event.get()));
            }
        });

        assertEquals(UpstreamFailure.Kind.SERVER, failure.kind());
        assertEquals(529, failure.upstreamStatus());
        assertEquals("Overloaded", failure.getMessage());
        assertEquals(
                List.of(
                        json("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                                + "\"finish_reason\":null}]}"),
                        json("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}")),
                chunks);
    }

    @Test
    void aRateLimitEventIsRateLimited() {
        StreamTranslator translator = protocol.streamTranslator();

        UpstreamFailure failure = assertThrows(
                UpstreamFailure.class,
                () -> translator.onEvent(new SseEvent(
                        "error",
                        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                                + "\"message\":\"Number of request tokens has exceeded your per-minute rate"
                                + " limit\"}}")));

        assertEquals(UpstreamFailure.Kind.RATE_LIMITED, failure.kind());
        assertEquals(429, failure.upstreamStatus());
    }

    @Test
    void aStreamCutBeforeMessageStopIsAConnectionFailure() throws Exception {
        StreamTranslator translator = protocol.streamTranslator();
        List<JsonObject> chunks = new ArrayList<>();
        SseReader events = sse("stream-cut.sse");
        Optional<SseEvent> event;
        while ((event = events.next()).isPresent()) {
            chunks.addAll(translator.onEvent(event.get()));
        }

        assertFalse(translator.finished());
        UpstreamFailure failure = assertThrows(UpstreamFailure.class, translator::onEnd);
        assertEquals(UpstreamFailure.Kind.CONNECTION, failure.kind());
        assertEquals(0, failure.upstreamStatus());
        assertEquals("the provider's stream ended before message_stop", failure.getMessage());
        // The finish reason arrived before the cut; the usage chunk never did.
        assertEquals(
                json("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\","
                        + "\"native_finish_reason\":\"max_tokens\"}]}"),
                chunks.get(chunks.size() - 1));
        assertEquals(4, chunks.size());
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static RoutableEndpoint endpoint(Optional<String> apiKey) {
        CatalogProvider anthropic = new CatalogProvider(
                "anthropic",
                "Anthropic",
                Protocol.ANTHROPIC,
                URI.create("https://api.anthropic.com/v1/"),
                apiKey,
                false,
                false);
        TokenPrices prices = new TokenPrices(new BigDecimal("0.000003"), new BigDecimal("0.000015"), null, null);
        return new RoutableEndpoint(
                UUID.randomUUID(),
                "anthropic/claude-sonnet-4",
                anthropic,
                MODEL,
                prices,
                BigDecimal.ZERO,
                prices,
                200_000,
                Optional.of(64_000),
                Set.of("tools", "max_tokens"),
                Optional.empty(),
                Optional.empty());
    }

    private static JsonObject json(String text) {
        return WireJson.parseObject(text);
    }

    private static JsonObject fixture(String name) {
        try (InputStream in = resource(name)) {
            JsonValue value = WireJson.parse(in.readAllBytes());
            // A fixture that is an array (a chunk sequence) is wrapped so that one helper reads both.
            return value instanceof JsonObject object
                    ? object
                    : WireJson.object().add("chunks", value).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SseReader sse(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return new SseReader(new ByteArrayInputStream(in.readAllBytes()));
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AnthropicProtocolTest.class.getResourceAsStream("/fixtures/anthropic/" + name);
        if (in == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        return in;
    }
}
