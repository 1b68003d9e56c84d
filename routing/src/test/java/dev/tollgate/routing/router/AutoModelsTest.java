package dev.tollgate.routing.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.AutoRouteEntry;
import dev.tollgate.routing.catalog.CostTier;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoModelsTest {

    private static final List<AutoRouteEntry> CURATED = List.of(
            new AutoRouteEntry("meta/small", CostTier.LOW),
            new AutoRouteEntry("openai/mini", CostTier.MEDIUM),
            new AutoRouteEntry("openai/big", CostTier.HIGH),
            new AutoRouteEntry("anthropic/haiku", CostTier.MEDIUM),
            new AutoRouteEntry("anthropic/opus", CostTier.MAX));

    private static List<String> pick(String plugin) {
        return AutoModels.candidates(
                CURATED, AutoModels.Options.of(WireJson.parseObject("{\"plugins\":[" + plugin + "]}")));
    }

    @Test
    void withoutOptionsTheOperatorsOrderStands() {
        assertEquals(
                List.of("meta/small", "openai/mini", "openai/big", "anthropic/haiku", "anthropic/opus"),
                AutoModels.candidates(
                        CURATED, AutoModels.Options.of(WireJson.object().build())));
    }

    @Test
    void aCostTierPutsItsModelsFirstThenCheaperOnesAndNeverDearerOnes() {
        assertEquals(
                List.of("openai/mini", "anthropic/haiku", "meta/small"),
                pick("{\"id\":\"auto-router\",\"cost_tier\":\"medium\"}"));
        assertEquals(List.of("meta/small"), pick("{\"id\":\"auto-router\",\"cost_tier\":\"low\"}"));
    }

    @Test
    void allowedAndExcludedPatternsTakeWildcards() {
        assertEquals(
                List.of("openai/mini", "anthropic/haiku", "anthropic/opus"),
                pick("{\"id\":\"auto-router\",\"allowed_models\":[\"openai/*\",\"anthropic/*\"],"
                        + "\"excluded_models\":[\"openai/big\"]}"));
        assertTrue(AutoModels.matches("*/mini", "openai/mini"));
        assertTrue(!AutoModels.matches("openai/*", "openai.x/mini"), "a dot in a pattern is a dot");
    }

    @Test
    void otherPluginsAreIgnoredAndWrongTypesAreRefused() {
        assertEquals(5, pick("{\"id\":\"web\"}").size());
        assertThrows(InvalidPreferencesException.class, () -> pick("{\"id\":\"auto-router\",\"cost_tier\":\"cheap\"}"));
        assertThrows(
                InvalidPreferencesException.class, () -> pick("{\"id\":\"auto-router\",\"allowed_models\":\"x\"}"));
    }
}
