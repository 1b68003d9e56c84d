package dev.tollgate.api.models.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.catalog.Catalog;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import dev.tollgate.routing.health.EndpointHealth;
import dev.tollgate.routing.health.HealthSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private final EndpointHealth health = new EndpointHealth(HealthSettings.DEFAULTS, () -> 1_700_000_000_000L, 0);

    private static CatalogModel model(String id) {
        return new CatalogModel(id, id, "", 8_000, List.of("text"), List.of("text"), Instant.EPOCH);
    }

    private static RoutableEndpoint endpoint(String model, String provider, String prompt, String completion) {
        TokenPrices cost = new TokenPrices(new BigDecimal(prompt), new BigDecimal(completion), null, null);
        BigDecimal margin = new BigDecimal("0.05");
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
                cost,
                margin,
                cost.withMargin(margin),
                8_000,
                Optional.empty(),
                Set.of(),
                Optional.empty(),
                Optional.empty());
    }

    private ModelCatalog catalog(List<CatalogModel> models, List<RoutableEndpoint> endpoints) {
        Catalog catalog = new Catalog();
        catalog.publish(new CatalogSnapshot(1, Instant.EPOCH, models, endpoints, List.of()));
        return new ModelCatalog(catalog, health);
    }

    @Test
    void aModelIsListedAtTheListPriceOfItsCheapestEndpointInPromptPlusCompletion() {
        // "cheap-in" has the lower prompt price, "cheap-sum" the lower sum: the sum decides, as in /api/v1/models.
        RoutableEndpoint cheapSum = endpoint("a/m", "cheap-sum", "0.000002", "0.000003");
        ModelCatalog models = catalog(
                List.of(model("a/m"), model("a/unserved")),
                List.of(endpoint("a/m", "cheap-in", "0.000001", "0.000005"), cheapSum));

        List<ListedModel> listed = models.listed();

        assertEquals(1, listed.size(), "a model nothing serves is not listed");
        assertEquals(cheapSum, listed.get(0).cheapest());
        assertEquals(new BigDecimal("0.0000021"), listed.get(0).listPrice().prompt());
        assertEquals(2, listed.get(0).providers());
        assertFalse(listed.get(0).free());
    }

    @Test
    void aModelIsFreeWhenItsCheapestEndpointChargesNothing() {
        ModelCatalog models = catalog(
                List.of(model("a/m:free")),
                List.of(endpoint("a/m:free", "paid", "0.000001", "0.000001"), endpoint("a/m:free", "gift", "0", "0")));

        assertTrue(models.listed().get(0).free());
    }

    @Test
    void offersCarryEveryEndpointWithItsHealthAndAnUnknownIdHasNone() {
        RoutableEndpoint measured = endpoint("a/m", "p", "0.000001", "0.000001");
        health.succeeded(measured.id(), 250);
        ModelCatalog models = catalog(List.of(model("a/m"), model("a/unserved")), List.of(measured));

        ModelOffers offers = models.offers("a/m").orElseThrow();
        assertEquals(measured, offers.endpoints().get(0).endpoint());
        assertEquals(
                250,
                offers.endpoints().get(0).status().latency30m().orElseThrow().p50());
        assertEquals(List.of(), models.offers("a/unserved").orElseThrow().endpoints());
        assertEquals(Optional.empty(), models.offers("a/nothing"));
    }
}
