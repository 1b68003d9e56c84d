package dev.tollgate.routing.adapter.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.ChatCompletion;
import dev.tollgate.routing.adapter.SseEvent;
import dev.tollgate.routing.adapter.SseReader;
import dev.tollgate.routing.adapter.StreamTranslator;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiProtocolTest {

    private static final String REQUEST =
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0.3,\"stream\":true}";

    @Test
    void theUpstreamModelIsSentAndStreamsAskForUsage() {
        JsonObject body =
                OpenAiProtocol.body("meta-llama/Llama-3-8b", new ChatCall(WireJson.parseObject(REQUEST), true));
        assertEquals("meta-llama/Llama-3-8b", body.getString("model"));
        assertTrue(body.getJsonObject("stream_options").getBoolean("include_usage"));
        assertEquals(0.3, body.getJsonNumber("temperature").doubleValue(), 1e-9);

        JsonObject whole = OpenAiProtocol.body("m", new ChatCall(WireJson.parseObject(REQUEST), false));
        assertFalse(whole.containsKey("stream"), "a whole answer is asked for without stream");
        assertFalse(whole.containsKey("stream_options"));
    }

    @Test
    void aWholeAnswerKeepsItsFieldsAndGainsTheNativeFinishReason() throws UpstreamFailure {
        ChatCompletion completion = new OpenAiProtocol()
                .completion(WireJson.parseObject("{\"id\":\"x\",\"object\":\"chat.completion\",\"system_fingerprint\":"
                        + "\"fp\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                        + "\"finish_reason\":\"eos\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,"
                        + "\"total_tokens\":7,\"completion_tokens_details\":{\"reasoning_tokens\":1}}}"));
        JsonObject choice = completion.body().getJsonArray("choices").getJsonObject(0);
        assertEquals("stop", choice.getString("finish_reason"));
        assertEquals("eos", choice.getString("native_finish_reason"));
        assertEquals("fp", completion.body().getString("system_fingerprint"));
        assertEquals(new TokenUsage(5, 2, 1, 0), completion.usage());
    }

    @Test
    void aWholeAnswerThatIsAnErrorOrHasNoChoicesFailsAsSuch() {
        UpstreamFailure overloaded = assertThrows(
                UpstreamFailure.class,
                () -> new OpenAiProtocol()
                        .completion(WireJson.parseObject("{\"error\":{\"message\":\"overloaded\",\"code\":503}}")));
        assertEquals(UpstreamFailure.Kind.SERVER, overloaded.kind());
        assertEquals("overloaded", overloaded.getMessage());
        for (String broken : List.of("{\"id\":\"x\"}", "{\"choices\":\"none\"}", "{\"choices\":null}")) {
            UpstreamFailure failure = assertThrows(
                    UpstreamFailure.class, () -> new OpenAiProtocol().completion(WireJson.parseObject(broken)));
            assertEquals(UpstreamFailure.Kind.INVALID_RESPONSE, failure.kind(), broken);
        }
    }

    @Test
    void streamedToolCallDeltasPassThroughWithTheirIndicesAndUsageIsRead() throws Exception {
        List<JsonObject> chunks = translate(fixture("stream-tool-calls.sse"));
        assertEquals(6, chunks.size());
        JsonObject secondCall = chunks.get(2)
                .getJsonArray("choices")
                .getJsonObject(0)
                .getJsonObject("delta")
                .getJsonArray("tool_calls")
                .getJsonObject(0);
        assertEquals(1, secondCall.getInt("index"));
        assertEquals("get_time", secondCall.getJsonObject("function").getString("name"));
        JsonObject finish = chunks.get(4).getJsonArray("choices").getJsonObject(0);
        assertEquals("tool_calls", finish.getString("finish_reason"));
        assertEquals("tool_calls", finish.getString("native_finish_reason"));
        assertEquals(
                new TokenUsage(31, 18, 0, 8),
                TokenUsage.fromOpenAi(chunks.get(5).getJsonObject("usage")));
    }

    @Test
    void anErrorEventFailsTheStream() {
        String sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"error\":{\"message\":\"Upstream overloaded\",\"code\":503}}\n\n";
        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> translate(sse));
        assertEquals(UpstreamFailure.Kind.SERVER, failure.kind());
        assertEquals("Upstream overloaded", failure.getMessage());
    }

    @Test
    void aStreamThatEndsBeforeAnyFinishReasonWasCutOff() {
        String sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n";
        UpstreamFailure failure = assertThrows(UpstreamFailure.class, () -> translate(sse));
        assertTrue(failure.retryable());
    }

    @Test
    void aFinishedStreamWithoutDoneIsComplete() throws Exception {
        String sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\n\n";
        assertEquals(1, translate(sse).size());
    }

    @Test
    void aRefusedCredentialIsNeverQuoted() {
        UpstreamFailure failure =
                UpstreamFailure.fromStatus(401, "Incorrect API key provided: sk-live-abcdef123456", Optional.empty());
        assertFalse(failure.getMessage().contains("sk-live"), failure.getMessage());
        assertEquals(502, failure.gatewayStatus());
    }

    @Test
    void contextOverflowAndRateLimitsAreWorthAnotherProvider() {
        assertEquals(
                UpstreamFailure.Kind.CONTEXT_LENGTH,
                UpstreamFailure.fromStatus(400, "This model's maximum context length is 8192 tokens", Optional.empty())
                        .kind());
        assertTrue(
                UpstreamFailure.fromStatus(429, "slow down", Optional.empty()).retryable());
        assertFalse(UpstreamFailure.fromStatus(400, "temperature must be <= 2", Optional.empty())
                .retryable());
    }

    private static List<JsonObject> translate(String sse) throws IOException, UpstreamFailure {
        StreamTranslator translator = new OpenAiProtocol().streamTranslator();
        SseReader reader = new SseReader(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8)));
        List<JsonObject> chunks = new ArrayList<>();
        Optional<SseEvent> event;
        while (!translator.finished() && (event = reader.next()).isPresent()) {
            chunks.addAll(translator.onEvent(event.get()));
        }
        if (!translator.finished()) {
            chunks.addAll(translator.onEnd());
        }
        return chunks;
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = OpenAiProtocolTest.class.getResourceAsStream("/fixtures/openai/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
