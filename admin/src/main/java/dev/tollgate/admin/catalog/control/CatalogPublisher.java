package dev.tollgate.admin.catalog.control;

import dev.tollgate.admin.catalog.entity.Endpoint;
import dev.tollgate.admin.catalog.entity.Model;
import dev.tollgate.admin.catalog.entity.PlatformPricing;
import dev.tollgate.admin.catalog.entity.Provider;
import dev.tollgate.db.cluster.ReplicaEvents;
import dev.tollgate.routing.catalog.Catalog;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.SessionFactory;

/**
 * Builds the routing snapshot from the enabled catalog and hands it to routing. Called at start-up and after every
 * committed change; a change also tells the other replicas ({@link ReplicaEvents}), and each rebuilds its own
 * snapshot from the database in the background, so they route with the change within moments. The version is taken
 * before reading, so of two racing rebuilds the later one, which read at least as much, wins.
 */
@ApplicationScoped
public class CatalogPublisher {

    static final String CATALOG_CHANGED = "catalog.changed";
    private static final Logger LOG = Logger.getLogger(CatalogPublisher.class.getName());

    private final AtomicLong versions = new AtomicLong();
    private final Clock clock = Clock.systemUTC();
    /** Set while a rebuild asked for by another replica waits to start: a burst of changes costs one or two. */
    private final AtomicBoolean rebuildDue = new AtomicBoolean();

    private ExecutorService rebuilds;

    @Inject
    ReplicaEvents replicas;

    @Inject
    SessionFactory sessions;

    @Inject
    Catalog catalog;

    @Inject
    CredentialVault vault;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        rebuilds = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tollgate-catalog-rebuild");
            thread.setDaemon(true);
            return thread;
        });
        replicas.subscribe(CATALOG_CHANGED, (origin, body) -> rebuildSoon());
    }

    @PreDestroy
    void stop() {
        if (rebuilds != null) {
            rebuilds.shutdownNow();
        }
    }

    /** After a committed change: a new snapshot here at once, and on every other replica soon. */
    public CatalogSnapshot publishChange() {
        CatalogSnapshot snapshot = publish();
        replicas.publish(CATALOG_CHANGED, Long.toString(snapshot.version()));
        return snapshot;
    }

    /** Off the messaging thread, which must not wait for the database. */
    private void rebuildSoon() {
        if (rebuilds != null && rebuildDue.compareAndSet(false, true)) {
            rebuilds.execute(() -> {
                rebuildDue.set(false);
                try {
                    publish();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not rebuild the catalog after another replica changed it", e);
                }
            });
        }
    }

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
