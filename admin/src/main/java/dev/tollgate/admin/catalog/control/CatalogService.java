package dev.tollgate.admin.catalog.control;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.catalog.entity.AutoRouterModel;
import dev.tollgate.admin.catalog.entity.Endpoint;
import dev.tollgate.admin.catalog.entity.Model;
import dev.tollgate.admin.catalog.entity.PlatformPricing;
import dev.tollgate.admin.catalog.entity.Provider;
import dev.tollgate.routing.catalog.AutoRouteEntry;
import dev.tollgate.routing.catalog.CostTier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Changes to the catalog: each validated, stored in one transaction together with its audit entry (who, and the values
 * before and after), then published to routing so that the next call sees it. Reads return detached entities.
 */
@ApplicationScoped
public class CatalogService {

    private final Clock clock = Clock.systemUTC();

    @Inject
    SessionFactory sessions;

    @Inject
    CredentialVault vault;

    @Inject
    CatalogPublisher publisher;

    // Providers

    public List<Provider> providers() {
        return read(session -> session.createSelectionQuery("from Provider order by slug", Provider.class)
                .getResultList());
    }

    public Provider provider(String slugOrId) {
        return read(session -> findProvider(session, slugOrId));
    }

    /**
     * @param actor who makes the change, for the audit log
     * @param apiKey the provider's credential, stored encrypted only
     * @throws CatalogConflictException when the slug is taken
     */
    public Provider createProvider(Actor actor, ProviderDraft draft, Optional<String> apiKey) {
        return change(session -> {
            if (providerBySlug(session, draft.slug()).isPresent()) {
                throw new CatalogConflictException("slug: a provider '" + draft.slug() + "' exists already");
            }
            Provider provider = new Provider(UUID.randomUUID(), draft.slug(), now());
            apply(provider, draft);
            apiKey.ifPresent(key -> provider.setApiKeyCiphertext(vault.seal(key, provider.getId())));
            session.persist(provider);
            CatalogAudit.record(
                    session,
                    actor,
                    "provider.create",
                    "provider " + provider.getSlug(),
                    Optional.empty(),
                    Optional.of(CatalogAudit.of(provider).json()));
            return provider;
        });
    }

    /**
     * @param apiKey empty keeps the stored credential; {@code Optional.of(Optional.empty())} removes it
     */
    public Provider updateProvider(
            Actor actor, String slugOrId, ProviderDraft draft, Optional<Optional<String>> apiKey) {
        return change(session -> {
            Provider provider = findProvider(session, slugOrId);
            JsonObject before = CatalogAudit.of(provider).json();
            if (!provider.getSlug().equals(draft.slug())) {
                throw new InvalidFieldException("slug", "cannot be changed; create a new provider instead");
            }
            apply(provider, draft);
            apiKey.ifPresent(change -> provider.setApiKeyCiphertext(
                    change.map(key -> vault.seal(key, provider.getId())).orElse(null)));
            provider.touch(now());
            CatalogAudit.record(
                    session,
                    actor,
                    "provider.update",
                    "provider " + provider.getSlug(),
                    Optional.of(before),
                    Optional.of(CatalogAudit.of(provider)
                            // A new credential in place of another is a change even though both are "set".
                            .with(
                                    "api_key_replaced",
                                    apiKey.flatMap(change -> change).isPresent())
                            .json()));
            return provider;
        });
    }

    /** @throws CatalogConflictException while endpoints still use the provider (disable it instead) */
    public void deleteProvider(Actor actor, String slugOrId) {
        change(session -> {
            Provider provider = findProvider(session, slugOrId);
            long endpoints = session.createSelectionQuery(
                            "select count(*) from Endpoint where provider = :provider", Long.class)
                    .setParameter("provider", provider)
                    .getSingleResult();
            if (endpoints > 0) {
                throw new CatalogConflictException("provider '" + provider.getSlug() + "' still has " + endpoints
                        + " endpoint(s): delete them first, or disable the provider");
            }
            session.remove(provider);
            CatalogAudit.record(
                    session,
                    actor,
                    "provider.delete",
                    "provider " + provider.getSlug(),
                    Optional.of(CatalogAudit.of(provider).json()),
                    Optional.empty());
            return provider;
        });
    }

    private static void apply(Provider provider, ProviderDraft draft) {
        provider.setName(draft.name());
        provider.setProtocol(draft.protocol().wireName());
        provider.setBaseUrl(draft.baseUrl().toString());
        provider.setTrainsOnPrompts(draft.trainsOnPrompts());
        provider.setRetainsPrompts(draft.retainsPrompts());
        provider.setMargin(draft.margin().orElse(null));
        provider.setEnabled(draft.enabled());
    }

    // Models

    public List<Model> models() {
        return read(session -> session.createSelectionQuery("from Model order by id", Model.class)
                .getResultList());
    }

    public Model model(String id) {
        return read(session -> findModel(session, id));
    }

    public Model createModel(Actor actor, ModelDraft draft) {
        return change(session -> {
            if (session.find(Model.class, draft.id()) != null) {
                throw new CatalogConflictException("id: a model '" + draft.id() + "' exists already");
            }
            Model model = new Model(draft.id(), now());
            apply(model, draft);
            session.persist(model);
            CatalogAudit.record(
                    session,
                    actor,
                    "model.create",
                    "model " + model.getId(),
                    Optional.empty(),
                    Optional.of(CatalogAudit.of(model).json()));
            return model;
        });
    }

    public Model updateModel(Actor actor, String id, ModelDraft draft) {
        return change(session -> {
            Model model = findModel(session, id);
            JsonObject before = CatalogAudit.of(model).json();
            if (!model.getId().equals(draft.id())) {
                throw new InvalidFieldException("id", "cannot be changed; create a new model instead");
            }
            apply(model, draft);
            model.touch(now());
            CatalogAudit.record(
                    session,
                    actor,
                    "model.update",
                    "model " + model.getId(),
                    Optional.of(before),
                    Optional.of(CatalogAudit.of(model).json()));
            return model;
        });
    }

    public void deleteModel(Actor actor, String id) {
        change(session -> {
            Model model = findModel(session, id);
            long endpoints = session.createSelectionQuery(
                            "select count(*) from Endpoint where model = :model", Long.class)
                    .setParameter("model", model)
                    .getSingleResult();
            if (endpoints > 0) {
                throw new CatalogConflictException("model '" + id + "' still has " + endpoints
                        + " endpoint(s): delete them first, or disable the model");
            }
            if (session.find(AutoRouterModel.class, id) != null) {
                throw new CatalogConflictException(
                        "model '" + id + "' is on the auto router's list: take it off first, or disable the model");
            }
            session.remove(model);
            CatalogAudit.record(
                    session,
                    actor,
                    "model.delete",
                    "model " + model.getId(),
                    Optional.of(CatalogAudit.of(model).json()),
                    Optional.empty());
            return model;
        });
    }

    private static void apply(Model model, ModelDraft draft) {
        model.setName(draft.name());
        model.setDescription(draft.description());
        model.setContextLength(draft.contextLength());
        model.setInputModalities(draft.inputModalities().toArray(String[]::new));
        model.setOutputModalities(draft.outputModalities().toArray(String[]::new));
        model.setEnabled(draft.enabled());
    }

    // Endpoints

    public List<Endpoint> endpoints() {
        return read(session -> session.createSelectionQuery(
                        "from Endpoint e join fetch e.model join fetch e.provider p order by e.model.id, p.slug",
                        Endpoint.class)
                .getResultList());
    }

    public Endpoint endpoint(UUID id) {
        return read(session -> findEndpoint(session, id));
    }

    /** @throws CatalogEntryNotFoundException naming {@code model} or {@code provider} when either is missing */
    public Endpoint createEndpoint(Actor actor, EndpointDraft draft) {
        return change(session -> {
            Model model = Optional.ofNullable(session.find(Model.class, draft.modelId()))
                    .orElseThrow(() -> new CatalogEntryNotFoundException("model: no model '" + draft.modelId() + "'"));
            Provider provider = providerBySlug(session, draft.providerSlug())
                    .orElseThrow(() ->
                            new CatalogEntryNotFoundException("provider: no provider '" + draft.providerSlug() + "'"));
            boolean exists = session.createSelectionQuery(
                                    "select count(*) from Endpoint where model = :model and provider = :provider",
                                    Long.class)
                            .setParameter("model", model)
                            .setParameter("provider", provider)
                            .getSingleResult()
                    > 0;
            if (exists) {
                throw new CatalogConflictException("provider '" + provider.getSlug() + "' already serves model '"
                        + model.getId() + "': change that endpoint instead");
            }
            Endpoint endpoint = new Endpoint(UUID.randomUUID(), model, provider, now());
            apply(endpoint, draft);
            session.persist(endpoint);
            CatalogAudit.record(
                    session,
                    actor,
                    "endpoint.create",
                    CatalogAudit.target(endpoint),
                    Optional.empty(),
                    Optional.of(CatalogAudit.of(endpoint).json()));
            return endpoint;
        });
    }

    public Endpoint updateEndpoint(Actor actor, UUID id, EndpointDraft draft) {
        return change(session -> {
            Endpoint endpoint = findEndpoint(session, id);
            JsonObject before = CatalogAudit.of(endpoint).json();
            if (!endpoint.getModel().getId().equals(draft.modelId())) {
                throw new InvalidFieldException("model", "cannot be changed; create a new endpoint instead");
            }
            if (!endpoint.getProvider().getSlug().equals(draft.providerSlug())) {
                throw new InvalidFieldException("provider", "cannot be changed; create a new endpoint instead");
            }
            apply(endpoint, draft);
            endpoint.touch(now());
            CatalogAudit.record(
                    session,
                    actor,
                    "endpoint.update",
                    CatalogAudit.target(endpoint),
                    Optional.of(before),
                    Optional.of(CatalogAudit.of(endpoint).json()));
            return endpoint;
        });
    }

    public void deleteEndpoint(Actor actor, UUID id) {
        change(session -> {
            Endpoint endpoint = findEndpoint(session, id);
            session.remove(endpoint);
            CatalogAudit.record(
                    session,
                    actor,
                    "endpoint.delete",
                    CatalogAudit.target(endpoint),
                    Optional.of(CatalogAudit.of(endpoint).json()),
                    Optional.empty());
            return endpoint;
        });
    }

    private static void apply(Endpoint endpoint, EndpointDraft draft) {
        endpoint.setUpstreamModel(draft.upstreamModel());
        endpoint.setPromptCost(draft.cost().prompt());
        endpoint.setCompletionCost(draft.cost().completion());
        endpoint.setRequestCost(
                draft.cost().request().signum() == 0 ? null : draft.cost().request());
        endpoint.setImageCost(
                draft.cost().image().signum() == 0 ? null : draft.cost().image());
        endpoint.setMargin(draft.margin().orElse(null));
        endpoint.setContextLength(draft.contextLength().orElse(null));
        endpoint.setMaxCompletionTokens(draft.maxCompletionTokens().orElse(null));
        endpoint.setSupportedParameters(draft.supportedParameters().toArray(String[]::new));
        endpoint.setQuantization(draft.quantization().orElse(null));
        endpoint.setMaxConcurrency(draft.maxConcurrency().orElse(null));
        endpoint.setEnabled(draft.enabled());
    }

    // The models openrouter/auto may choose

    /** The operator's list for {@code openrouter/auto}, in order, disabled models included. */
    public List<AutoRouteEntry> autoRoute() {
        return read(CatalogService::storedAutoRoute);
    }

    /**
     * Replaces the whole list for {@code openrouter/auto}.
     *
     * @param entries in the operator's order, each model once (see {@link CatalogRules#autoRoute})
     * @throws InvalidFieldException naming {@code models[i].model} when a model is not in the catalog
     */
    public List<AutoRouteEntry> replaceAutoRoute(Actor actor, List<AutoRouteEntry> entries) {
        List<AutoRouteEntry> list = CatalogRules.autoRoute("models", entries);
        return change(session -> {
            Set<String> known = list.isEmpty()
                    ? Set.of()
                    : Set.copyOf(session.createSelectionQuery("select id from Model where id in :ids", String.class)
                            .setParameter(
                                    "ids",
                                    list.stream().map(AutoRouteEntry::modelId).toList())
                            .getResultList());
            for (int i = 0; i < list.size(); i++) {
                if (!known.contains(list.get(i).modelId())) {
                    throw new InvalidFieldException(
                            "models[" + i + "].model",
                            "no model '" + list.get(i).modelId() + "' in the catalog");
                }
            }
            JsonObject before =
                    CatalogAudit.ofAutoRoute(storedAutoRoute(session)).json();
            // A bulk delete runs at once, before the inserts are flushed, so a model kept on the list does not
            // collide with its own old row.
            session.createMutationQuery("delete from AutoRouterModel").executeUpdate();
            for (int i = 0; i < list.size(); i++) {
                session.persist(new AutoRouterModel(
                        list.get(i).modelId(), i, list.get(i).costTier().wireName()));
            }
            CatalogAudit.record(
                    session,
                    actor,
                    "auto_router.replace",
                    "openrouter/auto",
                    Optional.of(before),
                    Optional.of(CatalogAudit.ofAutoRoute(list).json()));
            return list;
        });
    }

    /** The stored list in the operator's order; the publisher reads it the same way. */
    static List<AutoRouteEntry> storedAutoRoute(Session session) {
        return session
                .createSelectionQuery("from AutoRouterModel order by position", AutoRouterModel.class)
                .getResultList()
                .stream()
                .map(entry -> new AutoRouteEntry(
                        entry.getModelId(), CostTier.of(entry.getCostTier()).orElseThrow()))
                .toList();
    }

    // The platform's default margin

    public BigDecimal platformMargin() {
        return read(session -> session.find(PlatformPricing.class, true).getDefaultMargin());
    }

    public BigDecimal setPlatformMargin(Actor actor, BigDecimal margin) {
        return change(session -> {
            PlatformPricing pricing = session.find(PlatformPricing.class, true);
            JsonObject before =
                    CatalogAudit.ofMargin(pricing.getDefaultMargin()).json();
            pricing.setDefaultMargin(CatalogRules.margin("default_margin", margin));
            CatalogAudit.record(
                    session,
                    actor,
                    "platform_margin.update",
                    "platform",
                    Optional.of(before),
                    Optional.of(
                            CatalogAudit.ofMargin(pricing.getDefaultMargin()).json()));
            return pricing.getDefaultMargin();
        });
    }

    /** Whether the catalog has no provider yet (a new installation, to be seeded in demo mode). */
    public boolean isEmpty() {
        return read(session -> session.createSelectionQuery("select count(*) from Provider", Long.class)
                        .getSingleResult()
                == 0);
    }

    // Lookups

    private static Provider findProvider(Session session, String slugOrId) {
        return providerBySlug(session, slugOrId)
                .or(() -> uuid(slugOrId).map(id -> session.find(Provider.class, id)))
                .orElseThrow(() -> new CatalogEntryNotFoundException("no provider '" + slugOrId + "'"));
    }

    private static Optional<Provider> providerBySlug(Session session, String slug) {
        return session.createSelectionQuery("from Provider where slug = :slug", Provider.class)
                .setParameter("slug", slug)
                .uniqueResultOptional();
    }

    private static Model findModel(Session session, String id) {
        return Optional.ofNullable(session.find(Model.class, id))
                .orElseThrow(() -> new CatalogEntryNotFoundException("no model '" + id + "'"));
    }

    private static Endpoint findEndpoint(Session session, UUID id) {
        return Optional.ofNullable(session.find(Endpoint.class, id))
                .orElseThrow(() -> new CatalogEntryNotFoundException("no endpoint '" + id + "'"));
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private <T> T read(Function<Session, T> work) {
        return sessions.fromTransaction(work);
    }

    /** One transaction, then a new routing snapshot: the change is visible to the next call, on every replica. */
    private <T> T change(Function<Session, T> work) {
        T result = sessions.fromTransaction(work);
        publisher.publishChange();
        return result;
    }
}
