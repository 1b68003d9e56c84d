package dev.tollgate.admin.catalog.control;

import dev.tollgate.admin.catalog.entity.Endpoint;
import dev.tollgate.admin.catalog.entity.Model;
import dev.tollgate.admin.catalog.entity.PlatformPricing;
import dev.tollgate.admin.catalog.entity.Provider;
import dev.tollgate.routing.catalog.Catalog;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;

/**
 * Builds the routing snapshot from the enabled catalog and hands it to routing. Called at start-up and after every
 * committed change. The version is taken before reading, so of two racing rebuilds the later one, which read at
 * least as much, wins.
 */
@ApplicationScoped
public class CatalogPublisher {

    private final AtomicLong versions = new AtomicLong();
    private final Clock clock = Clock.systemUTC();

    @Inject
    SessionFactory sessions;

    @Inject
    Catalog catalog;

    @Inject
    CredentialVault vault;

    public CatalogSnapshot publish() {
        long version = versions.incrementAndGet();
        CatalogSnapshot snapshot = sessions.fromTransaction(session -> {
            BigDecimal platformMargin =
                    session.find(PlatformPricing.class, true).getDefaultMargin();
            List<Model> models = session.createSelectionQuery("from Model where enabled", Model.class)
                    .getResultList();
            List<Endpoint> endpoints = session.createSelectionQuery(
                            "from Endpoint e join fetch e.provider p join fetch e.model m"
                                    + " where e.enabled and p.enabled and m.enabled",
                            Endpoint.class)
                    .getResultList();
            Map<String, CatalogProvider> providers = new HashMap<>();
            List<RoutableEndpoint> routable = endpoints.stream()
                    .map(endpoint -> routable(
                            endpoint,
                            providers.computeIfAbsent(
                                    endpoint.getProvider().getSlug(), slug -> provider(endpoint.getProvider())),
                            platformMargin))
                    .toList();
            return new CatalogSnapshot(
                    version,
                    clock.instant(),
                    models.stream().map(CatalogPublisher::model).toList(),
                    routable,
                    CatalogService.storedAutoRoute(session));
        });
        catalog.publish(snapshot);
        return snapshot;
    }

    private CatalogProvider provider(Provider provider) {
        Protocol protocol = Protocol.fromWireName(provider.getProtocol()).orElseThrow();
        return new CatalogProvider(
                provider.getSlug(),
                provider.getName(),
                protocol,
                URI.create(provider.getBaseUrl()),
                vault.open(provider.getApiKeyCiphertext(), provider.getId()),
                provider.isTrainsOnPrompts(),
                provider.isRetainsPrompts());
    }

    private static CatalogModel model(Model model) {
        return new CatalogModel(
                model.getId(),
                model.getName(),
                model.getDescription(),
                model.getContextLength(),
                List.of(model.getInputModalities()),
                List.of(model.getOutputModalities()),
                model.getCreatedAt());
    }

    static RoutableEndpoint routable(Endpoint endpoint, CatalogProvider provider, BigDecimal platformMargin) {
        TokenPrices cost = endpoint.cost();
        BigDecimal margin = endpoint.effectiveMargin(platformMargin);
        return new RoutableEndpoint(
                endpoint.getId(),
                endpoint.getModel().getId(),
                provider,
                endpoint.getUpstreamModel(),
                cost,
                margin,
                cost.withMargin(margin),
                Optional.ofNullable(endpoint.getContextLength())
                        .orElse(endpoint.getModel().getContextLength()),
                Optional.ofNullable(endpoint.getMaxCompletionTokens()),
                Set.of(endpoint.getSupportedParameters()),
                Optional.ofNullable(endpoint.getQuantization()),
                Optional.ofNullable(endpoint.getMaxConcurrency()));
    }
}
