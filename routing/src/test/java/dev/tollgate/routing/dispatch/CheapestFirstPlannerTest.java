package dev.tollgate.routing.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CheapestFirstPlannerTest {

    private final CheapestFirstPlanner planner = new CheapestFirstPlanner();

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
                Optional.empty());
    }

    private static RouteRequest ask(String... models) {
        return new RouteRequest(List.of(models), WireJson.object().build());
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
                    endpoint("a/two", "other", "0.0000001", "0.0000001")));

    private static List<String> providers(RoutePlan plan) {
        return plan.endpoints().stream()
                .map(endpoint -> endpoint.modelId() + "@" + endpoint.provider().slug())
                .toList();
    }

    @Test
    void eachModelsEndpointsFromCheapestToDearestThenTheNextModel() {
        assertEquals(
                List.of("a/one@cheap", "a/one@tie-a", "a/one@tie-b", "a/one@dear", "a/two@other"),
                providers(planner.plan(CATALOG, ask("a/one", "a/two"))));
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
}
