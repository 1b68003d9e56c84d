package dev.tollgate.routing.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.adapter.PromptText;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CandidateFiltersTest {

    private static final CatalogModel TEXT_MODEL =
            new CatalogModel("a/text", "Text", "", 8000, List.of("text"), List.of("text"), Instant.EPOCH);
    private static final CatalogModel VISION_MODEL =
            new CatalogModel("a/vision", "Vision", "", 8000, List.of("text", "image"), List.of("text"), Instant.EPOCH);

    private static RoutableEndpoint endpoint(
            String provider,
            Set<String> parameters,
            Optional<Integer> maxCompletion,
            Optional<String> quantization,
            boolean trains,
            boolean retains,
            String prompt,
            String completion) {
        TokenPrices price = new TokenPrices(new BigDecimal(prompt), new BigDecimal(completion), null, null);
        return new RoutableEndpoint(
                UUID.randomUUID(),
                "a/text",
                new CatalogProvider(
                        provider,
                        provider,
                        Protocol.OPENAI,
                        URI.create("https://p.example/v1"),
                        Optional.empty(),
                        trains,
                        retains),
                "upstream",
                price,
                BigDecimal.ZERO,
                price,
                4096,
                maxCompletion,
                parameters,
                quantization,
                Optional.empty());
    }

    private static RoutableEndpoint plain(String provider) {
        return endpoint(provider, Set.of(), Optional.empty(), Optional.empty(), false, false, "0.000001", "0.000002");
    }

    private static RoutableEndpoint declaring(String provider, String... parameters) {
        return endpoint(
                provider, Set.of(parameters), Optional.empty(), Optional.empty(), false, false, "0.000001", "0.000002");
    }

    private static CallNeeds needs(String request, long promptTokens) {
        return CallNeeds.of(WireJson.parseObject(request), promptTokens);
    }

    private static ProviderPreferences preferences(String provider) {
        return ProviderPreferences.of(
                WireJson.parseObject("{\"provider\":" + provider + "}").get("provider"));
    }

    private static Optional<String> excludedBy(
            CandidateFilter filter, RoutableEndpoint endpoint, CallNeeds needs, ProviderPreferences preferences) {
        return filter.exclude(endpoint, TEXT_MODEL, needs, preferences).map(Exclusion::filter);
    }

    private static final CallNeeds NOTHING = needs("{\"messages\":[]}", 10);

    @Test
    void whatACallNeedsIsReadFromItsRequest() {
        CallNeeds needs = needs(
                "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                        + "\"image_url\":{\"url\":\"https://x/y.png\"}}]}],\"tools\":[],\"temperature\":0.5,"
                        + "\"max_tokens\":100,\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}},"
                        + "\"provider\":{},\"stream\":true}",
                42);
        assertEquals(
                Set.of("tools", "temperature", "max_tokens", "response_format", "structured_outputs"),
                needs.parameters());
        assertTrue(needs.images());
        assertEquals(Optional.of(100L), needs.maxTokens());
        assertEquals(42, needs.prompt().tokens());
    }

    @Test
    void toolUseNeedsAnEndpointThatSupportsIt() {
        CallNeeds tools = needs("{\"tools\":[],\"tool_choice\":\"auto\"}", 1);
        assertEquals(
                Optional.of("tools"),
                excludedBy(new ToolUseFilter(), declaring("p", "temperature"), tools, ProviderPreferences.NONE));
        assertEquals(
                Optional.of("tool_choice"),
                excludedBy(new ToolUseFilter(), declaring("p", "tools"), tools, ProviderPreferences.NONE));
        assertEquals(
                Optional.empty(),
                excludedBy(
                        new ToolUseFilter(), declaring("p", "tools", "tool_choice"), tools, ProviderPreferences.NONE));
        assertEquals(
                Optional.empty(),
                excludedBy(new ToolUseFilter(), plain("p"), tools, ProviderPreferences.NONE),
                "an endpoint that declares nothing is not excluded");
    }

    @Test
    void aJsonSchemaNeedsStructuredOutputs() {
        CallNeeds schema = needs("{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}}}", 1);
        assertEquals(
                Optional.of("response_format"),
                excludedBy(new ResponseFormatFilter(), declaring("p", "tools"), schema, ProviderPreferences.NONE));
        assertEquals(
                Optional.empty(),
                excludedBy(
                        new ResponseFormatFilter(),
                        declaring("p", "response_format", "structured_outputs"),
                        schema,
                        ProviderPreferences.NONE));
    }

    @Test
    void imagesNeedAModelThatSeesThem() {
        CallNeeds images = needs(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                        + "\"image_url\":{\"url\":\"data:image/png;base64,AA\"}}]}]}",
                1);
        assertTrue(new ImageInputFilter()
                .exclude(plain("p"), TEXT_MODEL, images, ProviderPreferences.NONE)
                .isPresent());
        assertTrue(new ImageInputFilter()
                .exclude(plain("p"), VISION_MODEL, images, ProviderPreferences.NONE)
                .isEmpty());
    }

    @Test
    void maxTokensAndContextLength() {
        RoutableEndpoint short8k =
                endpoint("p", Set.of(), Optional.of(1000), Optional.empty(), false, false, "0.000001", "0.000002");
        assertEquals(
                Optional.of("max_tokens"),
                excludedBy(
                        new MaxTokensFilter(), short8k, needs("{\"max_tokens\":1001}", 1), ProviderPreferences.NONE));
        assertEquals(
                Optional.empty(),
                excludedBy(
                        new MaxTokensFilter(), short8k, needs("{\"max_tokens\":1000}", 1), ProviderPreferences.NONE));
        assertEquals(
                Optional.of("context_length"),
                excludedBy(
                        new ContextLengthFilter(),
                        short8k,
                        needs("{\"max_tokens\":100}", 4000),
                        ProviderPreferences.NONE),
                "4000 + 100 > 4096");
        assertEquals(
                Optional.empty(),
                excludedBy(
                        new ContextLengthFilter(),
                        short8k,
                        needs("{\"max_tokens\":96}", 4000),
                        ProviderPreferences.NONE));
    }

    @Test
    void aPromptIsCountedWithTheTokenizerOnlyWhenItsBytesMightNotFit() {
        RoutableEndpoint window4k = plain("p");
        // "hello " is one token but six bytes: 3,000 of them are 18,000 bytes, yet about 3,000 tokens.
        String text = "hello ".repeat(3000);
        CallNeeds fits = CallNeeds.of(WireJson.parseObject(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],\"max_tokens\":500}"));
        assertTrue(fits.prompt().upperBound() > 4096, "the byte bound alone would refuse it");
        assertEquals(Optional.empty(), excludedBy(new ContextLengthFilter(), window4k, fits, ProviderPreferences.NONE));
        CallNeeds overflows = CallNeeds.of(WireJson.parseObject(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],\"max_tokens\":1500}"));
        assertEquals(
                Optional.of("context_length"),
                excludedBy(new ContextLengthFilter(), window4k, overflows, ProviderPreferences.NONE));
        CallNeeds small =
                CallNeeds.of(WireJson.parseObject("{\"messages\":[{\"role\":\"user\",\"content\":\"Grüße, 世界 🌍\"}]}"));
        assertEquals(
                PromptText.of(WireJson.parseObject("{\"messages\":[{\"role\":\"user\",\"content\":\"Grüße, 世界 🌍\"}]}"))
                        .getBytes(StandardCharsets.UTF_8)
                        .length,
                small.prompt().upperBound(),
                "UTF-8 bytes: 2-, 3- and 4-byte characters");
        assertTrue(small.prompt().tokens() <= small.prompt().upperBound());
    }

    @Test
    void onlyAndIgnoreNameProvidersAndTheirVariants() {
        ProviderPreferences only = preferences("{\"only\":[\"deepinfra\"]}");
        assertEquals(Optional.empty(), excludedBy(new ProviderOnlyFilter(), plain("deepinfra/turbo"), NOTHING, only));
        assertEquals(Optional.empty(), excludedBy(new ProviderOnlyFilter(), plain("deepinfra"), NOTHING, only));
        assertEquals(
                Optional.of("provider.only"),
                excludedBy(new ProviderOnlyFilter(), plain("deepinfra-two"), NOTHING, only));
        ProviderPreferences ignore = preferences("{\"ignore\":[\"Groq\"]}");
        assertEquals(
                Optional.of("provider.ignore"), excludedBy(new ProviderIgnoreFilter(), plain("groq"), NOTHING, ignore));
        assertEquals(Optional.empty(), excludedBy(new ProviderIgnoreFilter(), plain("together"), NOTHING, ignore));
    }

    @Test
    void quantizationsAndDataCollection() {
        ProviderPreferences fp8 = preferences("{\"quantizations\":[\"fp8\"]}");
        RoutableEndpoint int4 = endpoint("p", Set.of(), Optional.empty(), Optional.of("int4"), false, false, "1", "1");
        RoutableEndpoint eight = endpoint("p", Set.of(), Optional.empty(), Optional.of("fp8"), false, false, "1", "1");
        assertEquals(Optional.of("provider.quantizations"), excludedBy(new QuantizationFilter(), int4, NOTHING, fp8));
        assertEquals(
                Optional.of("provider.quantizations"),
                excludedBy(new QuantizationFilter(), plain("p"), NOTHING, fp8),
                "undeclared is unknown");
        assertEquals(Optional.empty(), excludedBy(new QuantizationFilter(), eight, NOTHING, fp8));

        ProviderPreferences deny = preferences("{\"data_collection\":\"deny\"}");
        RoutableEndpoint trains = endpoint("p", Set.of(), Optional.empty(), Optional.empty(), true, false, "1", "1");
        RoutableEndpoint retains = endpoint("p", Set.of(), Optional.empty(), Optional.empty(), false, true, "1", "1");
        assertEquals(
                Optional.of("provider.data_collection"), excludedBy(new DataCollectionFilter(), trains, NOTHING, deny));
        assertEquals(
                Optional.of("provider.data_collection"),
                excludedBy(new DataCollectionFilter(), retains, NOTHING, deny));
        assertEquals(Optional.empty(), excludedBy(new DataCollectionFilter(), plain("p"), NOTHING, deny));
        assertEquals(
                Optional.empty(), excludedBy(new DataCollectionFilter(), trains, NOTHING, ProviderPreferences.NONE));
    }

    @Test
    void maxPriceIsPerMillionTokens() {
        RoutableEndpoint endpoint = plain("p"); // $1 prompt and $2 completion per million tokens
        assertEquals(
                Optional.empty(),
                excludedBy(
                        new MaxPriceFilter(),
                        endpoint,
                        NOTHING,
                        preferences("{\"max_price\":{\"prompt\":1,\"completion\":\"2\"}}")));
        assertEquals(
                Optional.of("provider.max_price"),
                excludedBy(
                        new MaxPriceFilter(), endpoint, NOTHING, preferences("{\"max_price\":{\"completion\":1.99}}")));
    }

    @Test
    void requiredParametersMustAllBeSupported() {
        CallNeeds needs = needs("{\"temperature\":1,\"top_k\":5}", 1);
        ProviderPreferences require = preferences("{\"require_parameters\":true}");
        assertEquals(
                Optional.of("provider.require_parameters"),
                excludedBy(new RequireParametersFilter(), declaring("p", "temperature"), needs, require));
        assertEquals(
                Optional.empty(),
                excludedBy(new RequireParametersFilter(), declaring("p", "temperature", "top_k"), needs, require));
        assertEquals(
                Optional.empty(),
                excludedBy(
                        new RequireParametersFilter(), declaring("p", "temperature"), needs, ProviderPreferences.NONE),
                "without require_parameters unsupported ones are dropped instead");
    }

    @Test
    void theChainKeepsOrderAndSaysWhyEachWasExcluded() {
        RoutableEndpoint kept = plain("together");
        RoutableEndpoint ignored = plain("groq");
        RoutableEndpoint noTools = declaring("fireworks", "temperature");
        CandidateFilters.Candidates candidates = CandidateFilters.apply(
                List.of(ignored, kept, noTools),
                TEXT_MODEL,
                needs("{\"tools\":[]}", 10),
                preferences("{\"ignore\":[\"groq\"]}"));
        assertEquals(List.of(kept), candidates.kept());
        assertEquals("provider.ignore", candidates.excluded().get(ignored).filter());
        assertEquals("tools", candidates.excluded().get(noTools).filter());
    }

    @Test
    void malformedPreferencesNameTheField() {
        assertEquals(
                "\"provider.only\" must be an array of strings",
                assertThrows(InvalidPreferencesException.class, () -> preferences("{\"only\":\"groq\"}"))
                        .getMessage());
        assertEquals(
                "\"provider.sort\" must be \"price\", \"throughput\" or \"latency\"",
                assertThrows(InvalidPreferencesException.class, () -> preferences("{\"sort\":\"vibes\"}"))
                        .getMessage());
        assertThrows(InvalidPreferencesException.class, () -> preferences("{\"max_price\":{\"prompt\":-1}}"));
        assertThrows(InvalidPreferencesException.class, () -> preferences("{\"data_collection\":\"maybe\"}"));
        assertEquals(
                ProviderPreferences.Sort.PRICE,
                preferences("{\"sort\":{\"by\":\"price\"}}").sort().orElseThrow());
        assertEquals(false, preferences("{\"allow_fallbacks\":false}").allowFallbacks());
    }
}
