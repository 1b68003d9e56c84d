package dev.tollgate.web.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.tollgate.web.support.DeployedTollgate;
import dev.tollgate.web.support.FakeUpstream;
import dev.tollgate.web.support.InferenceMarketplace;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inference API as programs use it: the official OpenAI Java SDK, with only its base URL and key changed, against
 * providers speaking OpenAI's, Anthropic's and Gemini's protocols.
 */
class ChatCompletionsIT extends DeployedTollgate {

    private InferenceMarketplace market;
    private OpenAIClient client;

    @BeforeEach
    void connect() throws Exception {
        market = InferenceMarketplace.on(base.toURI());
        client = OpenAIOkHttpClient.builder()
                .baseUrl(base.toURI().resolve("/api/v1").toString())
                .apiKey(market.keyA)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private ChatCompletionCreateParams.Builder ask(String model, String question) {
        return ChatCompletionCreateParams.builder().model(market.model(model)).addUserMessage(question);
    }

    @Test
    void aChatCompletionComesBackInOpenRoutersShapeWithItsExactCost() {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ask("chat", "Hello?").temperature(0.2).build());

        assertEquals(
                "Hello from upstream",
                completion.choices().get(0).message().content().orElseThrow());
        assertEquals(
                ChatCompletion.Choice.FinishReason.STOP,
                completion.choices().get(0).finishReason());
        assertTrue(completion.id().startsWith("gen-"), completion.id());
        assertEquals(market.model("chat"), completion.model());
        assertEquals(
                "Fake openai",
                completion._additionalProperties().get("provider").asString().orElseThrow());
        assertEquals(12, completion.usage().orElseThrow().promptTokens());
        assertEquals(3, completion.usage().orElseThrow().completionTokens());
        BigDecimal cost = new BigDecimal(completion
                .usage()
                .orElseThrow()
                ._additionalProperties()
                .get("cost")
                .toString());
        assertEquals(0, InferenceMarketplace.listCost(12, 3).compareTo(cost), cost.toPlainString());

        FakeUpstream.Received sent = last("openai");
        assertEquals("upstream-chat", sent.body().getString("model"), "the endpoint's upstream model is sent");
        assertEquals("Bearer " + InferenceMarketplace.UPSTREAM_SECRET, sent.header("Authorization"));
        assertEquals(0.2, sent.body().getJsonNumber("temperature").doubleValue(), 1e-9);
    }

    @Test
    void aStreamArrivesInChunksAndEndsWithTheUsageChunk() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ask("chat", "Stream it").build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk ->
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertEquals("Hello from upstream", text.toString());
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.choices().isEmpty(), "the usage chunk has no choices");
        assertEquals(15, last.usage().orElseThrow().totalTokens());
        assertTrue(
                chunks.stream()
                        .allMatch(chunk -> chunk.id().equals(chunks.get(0).id())),
                "one id throughout");
        assertTrue(last("openai").body().getJsonObject("stream_options").getBoolean("include_usage"));
    }

    @Test
    void streamedToolCallsKeepTheirIndices() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ask("chat", "Weather and time in Paris?")
                        .addTool(weatherTool())
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion completion = accumulator.chatCompletion();
        List<ChatCompletionMessageToolCall> calls =
                completion.choices().get(0).message().toolCalls().orElseThrow();
        assertEquals(2, calls.size());
        assertEquals("get_weather", calls.get(0).asFunction().function().name());
        assertEquals(
                "{\"city\":\"Paris\"}", calls.get(0).asFunction().function().arguments());
        assertEquals("get_time", calls.get(1).asFunction().function().name());
        assertEquals("{\"zone\":\"CET\"}", calls.get(1).asFunction().function().arguments());
        assertEquals(
                ChatCompletion.Choice.FinishReason.TOOL_CALLS,
                completion.choices().get(0).finishReason());
        assertEquals(
                "get_weather",
                last("openai")
                        .body()
                        .getJsonArray("tools")
                        .getJsonObject(0)
                        .getJsonObject("function")
                        .getString("name"));
    }

    @Test
    void aStructuredOutputRequestReachesTheProviderAndComesBack() {
        ResponseFormatJsonSchema format = ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                        .name("weather")
                        .strict(true)
                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty(
                                        "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .build();
        ChatCompletion completion = client.chat()
                .completions()
                .create(ask("chat", "Weather as JSON").responseFormat(format).build());
        assertEquals(
                "{\"city\":\"Paris\",\"temperature_c\":21}",
                completion.choices().get(0).message().content().orElseThrow());
        JsonObject sentFormat = last("openai").body().getJsonObject("response_format");
        assertEquals("json_schema", sentFormat.getString("type"));
        assertEquals("weather", sentFormat.getJsonObject("json_schema").getString("name"));
    }

    @Test
    void imagesAreCarriedToOpenAiAndAnthropic() {
        String dataUri =
                "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        List<ChatCompletionContentPart> parts = List.of(
                ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                        .text("What is this?")
                        .build()),
                ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                        .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                .url(dataUri)
                                .build())
                        .build()));
        client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(market.model("chat"))
                        .addUserMessageOfArrayOfContentParts(parts)
                        .build());
        assertEquals(
                dataUri,
                last("openai")
                        .body()
                        .getJsonArray("messages")
                        .getJsonObject(0)
                        .getJsonArray("content")
                        .getJsonObject(1)
                        .getJsonObject("image_url")
                        .getString("url"));

        client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(market.model("claude"))
                        .addUserMessageOfArrayOfContentParts(parts)
                        .build());
        JsonObject image = last("anthropic")
                .body()
                .getJsonArray("messages")
                .getJsonObject(0)
                .getJsonArray("content")
                .getJsonObject(1);
        assertEquals("image", image.getString("type"));
        assertEquals("base64", image.getJsonObject("source").getString("type"));
        assertEquals("image/png", image.getJsonObject("source").getString("media_type"));
    }

    @Test
    void anthropicAnswersWholeAndStreamed() {
        ChatCompletion completion =
                client.chat().completions().create(ask("claude", "Hi Claude").build());
        assertEquals(
                "Hello from Claude",
                completion.choices().get(0).message().content().orElseThrow());
        assertEquals(10, completion.usage().orElseThrow().promptTokens());
        assertEquals(4, completion.usage().orElseThrow().completionTokens());
        assertEquals(
                "end_turn",
                completion
                        .choices()
                        .get(0)
                        ._additionalProperties()
                        .get("native_finish_reason")
                        .asString()
                        .orElseThrow());
        FakeUpstream.Received sent = last("anthropic");
        assertTrue(sent.path().endsWith("/messages"), sent.path());
        assertEquals("upstream-claude", sent.body().getString("model"));

        assertEquals("Hello from Claude", streamedText("claude"));
    }

    @Test
    void geminiAnswersWholeAndStreamed() {
        ChatCompletion completion =
                client.chat().completions().create(ask("gemini", "Hi Gemini").build());
        assertEquals(
                "Hello from Gemini",
                completion.choices().get(0).message().content().orElseThrow());
        assertEquals(9, completion.usage().orElseThrow().promptTokens());
        assertTrue(
                last("gemini").path().endsWith("/models/upstream-gemini:generateContent"),
                last("gemini").path());

        assertEquals("Hello from Gemini", streamedText("gemini"));
        assertTrue(
                last("gemini").path().contains(":streamGenerateContent"),
                last("gemini").path());
    }

    @Test
    void theLegacyCompletionsEndpointAnswersWithText() {
        Completion completion = client.completions()
                .create(CompletionCreateParams.builder()
                        .model(market.model("chat"))
                        .prompt("Once upon a time")
                        .build());
        assertEquals("Hello from upstream", completion.choices().get(0).text());
        assertEquals(
                "Once upon a time",
                last("openai").body().getJsonArray("messages").getJsonObject(0).getString("content"));
    }

    private String streamedText(String model) {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ask(model, "Stream please").build())) {
            stream.stream()
                    .forEach(chunk -> chunk.choices()
                            .forEach(choice -> choice.delta().content().ifPresent(text::append)));
        }
        return text.toString();
    }

    private static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("The weather in a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty(
                                        "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .build();
    }

    private FakeUpstream.Received last(String scenario) {
        List<FakeUpstream.Received> received = market.upstream.received(scenario);
        assertFalse(received.isEmpty(), "the " + scenario + " provider was called");
        return received.get(received.size() - 1);
    }
}
