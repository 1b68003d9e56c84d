package dev.tollgate.admin.catalog.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.routing.catalog.AutoRouteEntry;
import dev.tollgate.routing.catalog.CostTier;
import dev.tollgate.routing.catalog.Protocol;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogRulesTest {

    private static String refusal(Runnable check) {
        return assertThrows(InvalidFieldException.class, check::run).getMessage();
    }

    @Test
    void protocolsAreTheFourKnownOnes() {
        assertEquals(Protocol.ANTHROPIC, CatalogRules.protocol("protocol", "anthropic"));
        assertEquals(
                "protocol: must be one of openai, anthropic, gemini, simulator",
                refusal(() -> CatalogRules.protocol("protocol", "smtp")));
    }

    @Test
    void baseUrlsAreAbsoluteHttpUrls() {
        assertEquals(
                URI.create("https://api.openai.com/v1"),
                CatalogRules.baseUrl("base_url", "https://api.openai.com/v1", Protocol.OPENAI));
        for (String bad : List.of("api.openai.com", "ftp://files.example", "https://", "http://exa mple.com", "")) {
            assertEquals(
                    "base_url: must be an absolute http or https URL, such as https://api.example.com/v1",
                    refusal(() -> CatalogRules.baseUrl("base_url", bad, Protocol.OPENAI)),
                    bad);
        }
    }

    @Test
    void onlySimulatorsMayUseTheSimulatorScheme() {
        assertEquals(
                URI.create("simulator://sim-a"),
                CatalogRules.baseUrl("base_url", "simulator://sim-a", Protocol.SIMULATOR));
        refusal(() -> CatalogRules.baseUrl("base_url", "simulator://sim-a", Protocol.OPENAI));
    }

    @Test
    void pricesAreNonNegativeAtMostADollarPerTokenAndExact() {
        assertEquals(new BigDecimal("0.0000015"), CatalogRules.price("cost.prompt", new BigDecimal("0.0000015")));
        assertEquals(
                "cost.prompt: must not be negative",
                refusal(() -> CatalogRules.price("cost.prompt", new BigDecimal("-0.000001"))));
        assertEquals(
                "cost.completion: is USD per token and must be at most 1",
                refusal(() -> CatalogRules.price("cost.completion", new BigDecimal("2"))));
        assertEquals(
                "cost.prompt: has more than 18 decimal places",
                refusal(() -> CatalogRules.price("cost.prompt", new BigDecimal("0.0000000000000000001"))));
    }

    @Test
    void marginsAreFractionsFromZeroToTen() {
        assertEquals(new BigDecimal("0.055"), CatalogRules.margin("margin", new BigDecimal("0.055")));
        assertEquals(
                "margin: must be a fraction from 0 to 10 (0.05 is 5 %)",
                refusal(() -> CatalogRules.margin("margin", new BigDecimal("12"))));
        refusal(() -> CatalogRules.margin("margin", new BigDecimal("-0.1")));
    }

    @Test
    void slugsAndModelIdsFollowOpenRoutersShape() {
        assertEquals("together-ai", CatalogRules.providerSlug("slug", "together-ai"));
        refusal(() -> CatalogRules.providerSlug("slug", "Together AI"));
        assertEquals(
                "meta-llama/llama-3.1-8b-instruct:free",
                CatalogRules.modelId("id", "meta-llama/llama-3.1-8b-instruct:free"));
        refusal(() -> CatalogRules.modelId("id", "llama"));
        refusal(() -> CatalogRules.modelId("id", "meta/llama:nitro"));
    }

    @Test
    void supportedParametersAreOpenRoutersParameters() {
        assertEquals(
                List.of("tools", "seed"),
                CatalogRules.oneOf("supported_parameters", List.of("tools", "seed", "tools"), CatalogRules.PARAMETERS));
        refusal(() -> CatalogRules.oneOf("supported_parameters", List.of("telepathy"), CatalogRules.PARAMETERS));
    }

    @Test
    void costTiersAreTheFiveFromLowToMax() {
        assertEquals(CostTier.XHIGH, CatalogRules.costTier("models[0].cost_tier", "xhigh"));
        assertEquals(
                "models[1].cost_tier: must be one of low, medium, high, xhigh, max",
                refusal(() -> CatalogRules.costTier("models[1].cost_tier", "cheap")));
        refusal(() -> CatalogRules.costTier("models[0].cost_tier", "LOW"));
    }

    @Test
    void theAutoRouteNamesEachModelOnceAndKeepsTheOperatorsOrder() {
        List<AutoRouteEntry> list =
                List.of(new AutoRouteEntry("a/strong", CostTier.HIGH), new AutoRouteEntry("a/cheap", CostTier.LOW));
        assertEquals(list, CatalogRules.autoRoute("models", list));
        assertEquals(List.of(), CatalogRules.autoRoute("models", List.of()));
        assertEquals(
                "models[2].model: 'a/cheap' is listed twice",
                refusal(() -> CatalogRules.autoRoute(
                        "models",
                        List.of(
                                new AutoRouteEntry("a/cheap", CostTier.LOW),
                                new AutoRouteEntry("a/strong", CostTier.HIGH),
                                new AutoRouteEntry("a/cheap", CostTier.MEDIUM)))));
    }
}
