package dev.tollgate.routing.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.AutoRouteEntry;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.CostTier;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import dev.tollgate.routing.dispatch.NoRouteException;
import dev.tollgate.routing.dispatch.RoutePlan;
import dev.tollgate.routing.dispatch.RouteRequest;
import dev.tollgate.routing.health.EndpointHealth;
import dev.tollgate.routing.health.HealthSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final SplittableRandom seeded = new SplittableRandom(7);
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final EndpointHealth health =
            new EndpointHealth(new HealthSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30), 3), clock::get, 0);
    private final Router planner = new Router(() -> seeded, health);

    private static CatalogModel model(String id) {
        return new CatalogModel(id, id, "", 8000, List.of("text"), List.of("text"), Instant.EPOCH);
    }

    private static RoutableEndpoint endpoint(String model, String provider, String prompt, String completion) {
        TokenPrices price = new TokenPrices(new BigDecimal(prompt), new BigDecimal(completion), null, null);
        return new RoutableEndpoint(
                UUID.randomUUID(),
                model,
                new CatalogProvider(
                        provider,
                        provider,
                        Protocol.SIMULATOR,
                        URI.create("simulator://" + provider),
                        Optional.empty(),
                        false,
                        false),
                "upstream",
                price,
                BigDecimal.ZERO,
                price,
                8000,
                Optional.empty(),
                Set.of(),
                Optional.empty(),
                Optional.empty());
    }

    private static RouteRequest ask(String... models) {
        return new RouteRequest(List.of(models), WireJson.object().build());
    }

    private static RoutableEndpoint endpointWith(String model, String provider, Set<String> parameters) {
        RoutableEndpoint base = endpoint(model, provider, "0.000001", "0.000001");
        return new RoutableEndpoint(
                base.id(),
                base.modelId(),
                base.provider(),
                base.upstreamModel(),
                base.cost(),
                base.margin(),
                base.listPrice(),
                base.contextLength(),
                base.maxCompletionTokens(),
                parameters,
                base.quantization(),
                base.maxConcurrency());
    }

    private static RouteRequest askWith(String body, String... models) {
        return new RouteRequest(List.of(models), WireJson.parseObject(body));
    }

    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(
            1,
            Instant.EPOCH,
            List.of(model("a/one"), model("a/two"), model("a/none")),
            List.of(
                    endpoint("a/one", "dear", "0.000003", "0.000004"),
                    endpoint("a/one", "cheap", "0.000001", "0.000002"),
                    endpoint("a/one", "tie-b", "0.000002", "0.000002"),
                    endpoint("a/one", "tie-a", "0.000001", "0.000003"),
                    endpoint("a/two", "other", "0.0000001", "0.0000001")),
            List.of());

    private static List<String> providers(RoutePlan plan) {
        return plan.endpoints().stream()
                .map(endpoint -> endpoint.modelId() + "@" + endpoint.provider().slug())
                .toList();
    }

    @Test
    void sortedByPriceEachModelsEndpointsGoCheapestFirstThenTheNextModel() {
        List<String> cheapestFirst = List.of("a/one@cheap", "a/one@tie-a", "a/one@tie-b", "a/one@dear", "a/two@other");
        assertEquals(
                cheapestFirst,
                providers(planner.plan(CATALOG, askWith("{\"provider\":{\"sort\":\"price\"}}", "a/one", "a/two"))));
        assertEquals(
                cheapestFirst, providers(planner.plan(CATALOG, ask("a/one:floor", "a/two"))), "the :floor variant");
    }

    @Test
    void theCallersOrderComesFirstAndWithoutFallbacksOnlyOneEndpointPerModel() {
        assertEquals(
                List.of("a/one@dear", "a/one@tie-b", "a/one@cheap", "a/one@tie-a"),
                providers(planner.plan(CATALOG, askWith("{\"provider\":{\"order\":[\"dear\",\"tie-b\"]}}", "a/one"))));
        assertEquals(
                List.of("a/one@dear", "a/two@other"),
                providers(planner.plan(
                        CATALOG,
                        askWith("{\"provider\":{\"order\":[\"dear\"],\"allow_fallbacks\":false}}", "a/one", "a/two"))));
    }

    @Test
    void byDefaultTheFirstIsPickedByTheInverseSquareOfPriceAndTheRestFollowCheapestFirst() {
        // cheap $3/M, tie-a $4/M, tie-b $4/M, dear $7/M (prompt + completion): weights 1/9, 1/16, 1/16, 1/49.
        Map<String, Integer> firsts = new HashMap<>();
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            RoutePlan plan = planner.plan(CATALOG, ask("a/one"));
            firsts.merge(plan.endpoints().get(0).provider().slug(), 1, Integer::sum);
            assertEquals(4, plan.endpoints().size());
        }
        double total = 1 / 9.0 + 2 / 16.0 + 1 / 49.0;
        assertShare(firsts, "cheap", (1 / 9.0) / total, draws);
        assertShare(firsts, "tie-a", (1 / 16.0) / total, draws);
        assertShare(firsts, "dear", (1 / 49.0) / total, draws);
        RoutePlan plan = planner.plan(CATALOG, ask("a/one"));
        List<String> rest = providers(plan).subList(1, 4);
        List<String> cheapestFirst =
                new java.util.ArrayList<>(List.of("a/one@cheap", "a/one@tie-a", "a/one@tie-b", "a/one@dear"));
        cheapestFirst.remove(providers(plan).get(0));
        assertEquals(cheapestFirst, rest);
    }

    /** Within five standard deviations of the expected share: fails on a wrong weighting, not by chance. */
    private static void assertShare(Map<String, Integer> counts, String slug, double expected, int draws) {
        double sigma = Math.sqrt(expected * (1 - expected) / draws);
        double actual = counts.getOrDefault(slug, 0) / (double) draws;
        assertTrue(Math.abs(actual - expected) < 5 * sigma, slug + ": " + actual + " vs " + expected);
    }

    @Test
    void aPlanSaysWhatItLeftOutAndWhy() {
        RoutePlan plan =
                planner.plan(CATALOG, askWith("{\"provider\":{\"ignore\":[\"dear\"],\"sort\":\"price\"}}", "a/one"));
        assertEquals(List.of("a/one@cheap", "a/one@tie-a", "a/one@tie-b"), plan.candidates());
        assertEquals(List.of("a/one@dear (provider.ignore: the provider is ignored)"), plan.excluded());
    }

    @Test
    void whatNobodyCanServeSaysWhy() {
        CatalogSnapshot tooling = new CatalogSnapshot(
                2,
                Instant.EPOCH,
                List.of(model("a/one")),
                List.of(endpointWith("a/one", "plain", Set.of("temperature"))),
                List.of());
        NoRouteException tools =
                assertThrows(NoRouteException.class, () -> planner.plan(tooling, askWith("{\"tools\":[]}", "a/one")));
        assertEquals(404, tools.status());
        assertEquals("No endpoints found that support tool use", tools.getMessage());
        NoRouteException ignored = assertThrows(
                NoRouteException.class,
                () -> planner.plan(tooling, askWith("{\"provider\":{\"ignore\":[\"plain\"]}}", "a/one")));
        assertEquals(503, ignored.status());
        assertEquals(
                List.of("a/one@plain (provider.ignore: the provider is ignored)"),
                ignored.metadata().get("excluded"));
    }

    @Test
    void anUnknownFallbackModelIsSkipped() {
        assertEquals(List.of("a/two@other"), providers(planner.plan(CATALOG, ask("x/unknown", "a/two"))));
    }

    @Test
    void anUnknownModelIs400AndAModelNobodyServesIs503() {
        assertEquals(
                400,
                assertThrows(NoRouteException.class, () -> planner.plan(CATALOG, ask("x/unknown")))
                        .status());
        NoRouteException none = assertThrows(NoRouteException.class, () -> planner.plan(CATALOG, ask("a/none")));
        assertEquals(503, none.status());
        assertEquals(List.of("a/none"), none.metadata().get("requested_models"));
    }

    private static UUID id(String model, String provider) {
        return CATALOG.endpoints(model).stream()
                .filter(endpoint -> endpoint.provider().slug().equals(provider))
                .findFirst()
                .orElseThrow()
                .id();
    }

    private void fail(String model, String provider, int times) {
        for (int i = 0; i < times; i++) {
            health.failed(id(model, provider), UpstreamFailure.Kind.SERVER);
        }
    }

    @Test
    void anEndpointWithARecentOutageGoesLastUntilItRecovers() {
        health.succeeded(id("a/one", "cheap"), 100);
        fail("a/one", "cheap", 2);
        health.succeeded(id("a/one", "cheap"), 100);
        fail("a/one", "cheap", 1);
        for (int i = 0; i < 200; i++) {
            List<String> plan = providers(planner.plan(CATALOG, ask("a/one")));
            assertEquals("a/one@cheap", plan.get(3), "the cheapest endpoint had an outage: it is tried last");
        }
        clock.addAndGet(31_000);
        health.succeeded(id("a/one", "cheap"), 100);
        long cheapFirst = java.util.stream.IntStream.range(0, 200)
                .filter(i ->
                        providers(planner.plan(CATALOG, ask("a/one"))).get(0).equals("a/one@cheap"))
                .count();
        assertTrue(cheapFirst > 50, "back in the weighted pick after 30 s: " + cheapFirst + " of 200");
    }

    @Test
    void aTrippedEndpointIsExcludedAndProbedBackAfterItsCooldown() {
        fail("a/two", "other", 3);
        NoRouteException down = assertThrows(NoRouteException.class, () -> planner.plan(CATALOG, ask("a/two")));
        assertEquals(503, down.status());
        assertEquals(
                List.of("a/two@other (health: circuit breaker open after repeated failures)"),
                down.metadata().get("excluded"));
        clock.addAndGet(10_000);
        assertEquals(List.of("a/two@other"), providers(planner.plan(CATALOG, ask("a/two"))), "cooled down: a probe");
    }

    @Test
    void latencyAndThroughputSortsUseTheMeasuredMediansAndPutUnmeasuredEndpointsLast() {
        health.succeeded(id("a/one", "dear"), 100);
        health.succeeded(id("a/one", "tie-b"), 300);
        health.succeeded(id("a/one", "cheap"), 900);
        health.throughput(id("a/one", "tie-b"), 80);
        health.throughput(id("a/one", "dear"), 20);
        assertEquals(
                List.of("a/one@dear", "a/one@tie-b", "a/one@cheap", "a/one@tie-a"),
                providers(planner.plan(CATALOG, askWith("{\"provider\":{\"sort\":\"latency\"}}", "a/one"))));
        assertEquals(
                List.of("a/one@tie-b", "a/one@dear", "a/one@cheap", "a/one@tie-a"),
                providers(planner.plan(CATALOG, ask("a/one:nitro"))),
                "measured first, fastest first; the unmeasured cheapest first");
    }

    @Test
    void preferredThresholdsDeprioritizeAcrossModelsWithoutExcluding() {
        for (String provider : List.of("dear", "cheap", "tie-a", "tie-b")) {
            health.succeeded(id("a/one", provider), 4_000);
        }
        health.succeeded(id("a/two", "other"), 500);
        List<String> plan = providers(planner.plan(
                CATALOG, askWith("{\"provider\":{\"preferred_max_latency\":2,\"sort\":\"price\"}}", "a/one", "a/two")));
        assertEquals(
                List.of("a/two@other", "a/one@cheap", "a/one@tie-a", "a/one@tie-b", "a/one@dear"),
                plan,
                "the fallback model meets the 2 s p50 and goes first; the slow ones stay, behind it");
    }

    @Test
    void theOrganisationsPrivacySettingTightensTheRequest() {
        CatalogSnapshot mixed = new CatalogSnapshot(
                3,
                Instant.EPOCH,
                List.of(model("a/one")),
                List.of(endpoint("a/one", "private", "0.000002", "0.000002"), trainingEndpoint()),
                List.of());
        assertEquals(2, planner.plan(mixed, ask("a/one")).endpoints().size());
        RoutePlan plan = planner.plan(
                mixed, new RouteRequest(List.of("a/one"), WireJson.object().build(), true));
        assertEquals(List.of("a/one@private"), plan.candidates());
        assertEquals(
                List.of("a/one@trainer (provider.data_collection: the provider trains on prompts)"), plan.excluded());
    }

    @Test
    void theOrganisationsIgnoredProvidersAreNeverPickedAndAddToTheRequestsOwn() {
        CatalogSnapshot three = new CatalogSnapshot(
                3,
                Instant.EPOCH,
                List.of(model("a/one")),
                List.of(
                        endpoint("a/one", "cheap", "0.000001", "0.000001"),
                        endpoint("a/one", "mid", "0.000002", "0.000002"),
                        endpoint("a/one", "dear", "0.000003", "0.000003")),
                List.of());
        // Many draws: the weighted random pick would choose the cheap provider most of the time if it could.
        for (int draw = 0; draw < 200; draw++) {
            RoutePlan plan = planner.plan(
                    three,
                    new RouteRequest(
                            List.of("a/one"),
                            WireJson.parseObject("{\"provider\":{\"ignore\":[\"dear\"]}}"),
                            false,
                            List.of("Cheap")));
            assertEquals(List.of("a/one@mid"), plan.candidates());
        }
        NoRouteException none = assertThrows(
                NoRouteException.class,
                () -> planner.plan(
                        three,
                        new RouteRequest(
                                List.of("a/one"), WireJson.object().build(), false, List.of("cheap", "mid", "dear"))));
        assertEquals(503, none.status(), "every provider ignored: the router's usual no-endpoint error");
        assertEquals(
                List.of(
                        "a/one@cheap (provider.ignore: the provider is ignored)",
                        "a/one@dear (provider.ignore: the provider is ignored)",
                        "a/one@mid (provider.ignore: the provider is ignored)"),
                none.metadata().get("excluded"));
    }

    @Test
    void openrouterAutoTakesTheFirstCuratedModelThatCanServeTheRequest() {
        CatalogSnapshot curated = new CatalogSnapshot(
                4,
                Instant.EPOCH,
                List.of(model("a/plain"), model("a/tools")),
                List.of(
                        endpointWith("a/plain", "p", Set.of("temperature")),
                        endpointWith("a/tools", "t", Set.of("tools", "temperature"))),
                List.of(new AutoRouteEntry("a/plain", CostTier.LOW), new AutoRouteEntry("a/tools", CostTier.MEDIUM)));
        assertEquals(
                List.of("a/plain@p", "a/tools@t"),
                planner.plan(curated, ask("openrouter/auto")).candidates());
        RoutePlan tools = planner.plan(curated, askWith("{\"tools\":[]}", "openrouter/auto"));
        assertEquals(List.of("a/tools@t"), tools.candidates(), "only a model that can use tools");
        assertEquals(List.of("a/plain@p (tools: does not support tool use)"), tools.excluded());
        NoRouteException none = assertThrows(
                NoRouteException.class,
                () -> planner.plan(
                        curated,
                        askWith(
                                "{\"plugins\":[{\"id\":\"auto-router\",\"allowed_models\":[\"x/*\"]}]}",
                                "openrouter/auto")));
        assertEquals(503, none.status());
    }

    private static RoutableEndpoint trainingEndpoint() {
        RoutableEndpoint base = endpoint("a/one", "trainer", "0.000001", "0.000001");
        CatalogProvider provider = base.provider();
        return new RoutableEndpoint(
                base.id(),
                base.modelId(),
                new CatalogProvider(
                        provider.slug(),
                        provider.name(),
                        provider.protocol(),
                        provider.baseUrl(),
                        provider.apiKey(),
                        true,
                        false),
                base.upstreamModel(),
                base.cost(),
                base.margin(),
                base.listPrice(),
                base.contextLength(),
                base.maxCompletionTokens(),
                base.supportedParameters(),
                base.quantization(),
                base.maxConcurrency());
    }
}
