package dev.tollgate.web.models;

import dev.tollgate.api.models.control.ModelCatalog;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** A routing snapshot built in the test, published to a real {@link Catalog}, with health on a clock of its own. */
final class InMemoryCatalog {

    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final EndpointHealth health = new EndpointHealth(HealthSettings.DEFAULTS, clock::get, 0);
    private final Catalog catalog = new Catalog();
    private final List<CatalogModel> models = new ArrayList<>();
    private final List<RoutableEndpoint> endpoints = new ArrayList<>();
    private long version;

    InMemoryCatalog model(String id, String name, String description, int context, String... inputs) {
        models.add(new CatalogModel(id, name, description, context, List.of(inputs), List.of("text"), Instant.EPOCH));
        return this;
    }

    /** An endpoint at a cost per token with a margin on top, priced as the catalog's publisher prices it. */
    RoutableEndpoint endpoint(
            String modelId, String provider, String promptCost, String completionCost, String margin) {
        TokenPrices cost = new TokenPrices(new BigDecimal(promptCost), new BigDecimal(completionCost), null, null);
        RoutableEndpoint endpoint = new RoutableEndpoint(
                UUID.randomUUID(),
                modelId,
                new CatalogProvider(
                        provider,
                        "Provider " + provider,
                        Protocol.SIMULATOR,
                        URI.create("simulator://" + provider),
                        Optional.empty(),
                        false,
                        false),
                "upstream",
                cost,
                new BigDecimal(margin),
                cost.withMargin(new BigDecimal(margin)),
                8_192,
                Optional.of(1_024),
                Set.of(),
                Optional.of("fp8"),
                Optional.empty());
        endpoints.add(endpoint);
        return endpoint;
    }

    ModelCatalog publish() {
        catalog.publish(new CatalogSnapshot(++version, Instant.EPOCH, models, endpoints, List.of()));
        return new ModelCatalog(catalog, health);
    }
}
