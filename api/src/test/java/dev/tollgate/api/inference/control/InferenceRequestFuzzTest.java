package dev.tollgate.api.inference.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tollgate.routing.adapter.HttpProtocol;
import dev.tollgate.routing.adapter.PromptText;
import dev.tollgate.routing.adapter.TokenCount;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.adapter.anthropic.AnthropicProtocol;
import dev.tollgate.routing.adapter.gemini.GeminiProtocol;
import dev.tollgate.routing.adapter.openai.OpenAiProtocol;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import dev.tollgate.routing.router.CallNeeds;
import dev.tollgate.routing.router.InvalidPreferencesException;
import dev.tollgate.routing.router.ProviderPreferences;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Any bytes as the body of {@code POST /chat/completions} and {@code POST /completions}. The property: the reader
 * gives a request or an {@link InvalidRequestException} (a 4xx with a message), nothing else; and a request it
 * accepts can be routed (its {@code provider} preferences read or refused with {@link InvalidPreferencesException},
 * its needs and prompt length measured) and mapped to every protocol's wire request, or refused by the mapper with a
 * deliberate {@link IllegalArgumentException} that says why. Anything else would be a 500, or a Java message in the
 * caller's error.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays {@code InferenceRequestFuzzTestInputs/anyBody/} (seeds and past
 * findings); {@code bench/fuzz.sh} fuzzes it, and the build fuzzes it for a few seconds.
 */
class InferenceRequestFuzzTest {

    /** Each protocol, with an endpoint that speaks it. */
    private static final Map<HttpProtocol, RoutableEndpoint> PROTOCOLS = Map.of(
            new OpenAiProtocol(), endpoint(Protocol.OPENAI),
            new AnthropicProtocol(), endpoint(Protocol.ANTHROPIC),
            new GeminiProtocol(), endpoint(Protocol.GEMINI));

    @DictionaryEntries({
        "\"model\"",
        "\"models\"",
        "\"messages\"",
        "\"role\"",
        "\"content\"",
        "\"user\"",
        "\"assistant\"",
        "\"system\"",
        "\"tool\"",
        "\"developer\"",
        "\"tool_call_id\"",
        "\"tool_calls\"",
        "\"function\"",
        "\"arguments\"",
        "\"name\"",
        "\"type\"",
        "\"text\"",
        "\"image_url\"",
        "\"url\"",
        "\"data:image/png;base64,\"",
        "\"https://\"",
        "\"tools\"",
        "\"tool_choice\"",
        "\"response_format\"",
        "\"json_schema\"",
        "\"schema\"",
        "\"stream\"",
        "\"max_tokens\"",
        "\"temperature\"",
        "\"stop\"",
        "\"prompt\"",
        "\"provider\"",
        "\"order\"",
        "\"only\"",
        "\"ignore\"",
        "\"sort\"",
        "\"max_price\"",
        "\"completion\"",
        "\"p50\"",
        "\"preferred_min_throughput\"",
        "\"data_collection\"",
        "\"deny\"",
        "\"required\"",
        "\"auto\"",
        "\"none\"",
        "1e400",
        "-0",
        "true",
        "null"
    })
    @FuzzTest(maxDuration = "10s")
    void anyBody(byte[] body) {
        accepted(read(() -> InferenceRequestReader.chat(body)), AnswerShape.CHAT);
        accepted(read(() -> InferenceRequestReader.legacy(body)), AnswerShape.TEXT);
    }

    private static Optional<InferenceRequest> read(Supplier<InferenceRequest> reader) {
        try {
            return Optional.of(reader.get());
        } catch (InvalidRequestException refused) {
            assertTrue(refused.status() == 400 || refused.status() == 413, "status " + refused.status());
            assertNotNull(refused.getMessage());
            return Optional.empty();
        }
    }

    private static void accepted(Optional<InferenceRequest> read, AnswerShape shape) {
        if (read.isEmpty()) {
            return;
        }
        InferenceRequest request = read.get();
        assertEquals(shape, request.shape());
        assertFalse(request.models().isEmpty());
        request.models().forEach(model -> assertFalse(model.isBlank(), "a blank model id"));
        try {
            ProviderPreferences.of(request.original().get("provider"));
        } catch (InvalidPreferencesException refused) {
            assertNotNull(refused.getMessage());
        }
        CallNeeds needs = CallNeeds.of(request.original());
        needs.prompt().upperBound();
        // The hold is sized by the limit the gateway read; the provider gets the limit as sent: they must agree.
        WireJson.numberField(request.call().body(), "max_completion_tokens")
                .or(() -> WireJson.numberField(request.call().body(), "max_tokens"))
                .ifPresent(sent -> assertEquals(
                        Optional.of(sent.bigDecimalValue()),
                        needs.maxTokens().map(BigDecimal::valueOf),
                        "the hold's limit differs from the provider's"));
        assertTrue(TokenCount.of(PromptText.of(request.call().body())) >= 0);
        WireJson.bytes(request.call().body());
        PROTOCOLS.forEach((wire, endpoint) -> mapped(wire, endpoint, request));
    }

    private static void mapped(HttpProtocol wire, RoutableEndpoint endpoint, InferenceRequest request) {
        try {
            assertNotNull(wire.request(endpoint, request.call()).body());
        } catch (IllegalArgumentException refused) {
            // A deliberate refusal says why in the caller's words; a NumberFormatException (a subclass) would not.
            assertEquals(IllegalArgumentException.class, refused.getClass(), refused.toString());
            assertNotNull(refused.getMessage());
        }
    }

    private static RoutableEndpoint endpoint(Protocol protocol) {
        CatalogProvider provider = new CatalogProvider(
                "fuzz-" + protocol.wireName(),
                "Fuzz",
                protocol,
                URI.create("http://127.0.0.1:9/v1"),
                Optional.of("sk-fuzz"),
                false,
                false);
        TokenPrices prices = new TokenPrices(new BigDecimal("0.000001"), new BigDecimal("0.000002"), null, null);
        return new RoutableEndpoint(
                UUID.nameUUIDFromBytes(protocol.wireName().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "fuzz/model",
                provider,
                "model",
                prices,
                BigDecimal.ZERO,
                prices,
                128_000,
                Optional.empty(),
                Set.of(),
                Optional.empty(),
                Optional.empty());
    }
}
