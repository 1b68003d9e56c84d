package dev.tollgate.admin.catalog.boundary;

import dev.tollgate.admin.RequestBody;
import dev.tollgate.admin.catalog.control.CatalogRules;
import dev.tollgate.admin.catalog.control.CatalogService;
import dev.tollgate.admin.catalog.control.ProviderDraft;
import dev.tollgate.admin.catalog.entity.Provider;
import dev.tollgate.admin.operator.OperatorApi;
import dev.tollgate.admin.operator.OperatorAuthenticationFilter;
import dev.tollgate.routing.catalog.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/admin/v1/providers}: the providers of the catalog, by slug or id. */
@Path("admin/v1/providers")
@ApplicationScoped
@OperatorApi
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: providers")
@SecurityRequirement(name = "operatorToken")
public class ProvidersResource {

    private static final Set<String> FIELDS =
            Set.of("slug", "name", "protocol", "base_url", "api_key", "data_policy", "margin", "enabled");

    @Inject
    CatalogService catalog;

    @GET
    @Operation(summary = "List providers")
    public Map<String, List<CatalogViews.ProviderView>> list() {
        return Map.of("data", catalog.providers().stream().map(CatalogViews::of).toList());
    }

    @GET
    @Path("{slugOrId}")
    @Operation(summary = "One provider, by slug or id")
    public CatalogViews.ProviderView get(@PathParam("slugOrId") String slugOrId) {
        return CatalogViews.of(catalog.provider(slugOrId));
    }

    @POST
    @Operation(summary = "Add a provider; its api_key is stored encrypted and never returned")
    public Response create(@Context ContainerRequestContext request, JsonObject json) {
        RequestBody body = RequestBody.of(json).allowOnly(FIELDS);
        ProviderDraft draft = draft(body, Optional.empty());
        Provider created = catalog.createProvider(
                OperatorAuthenticationFilter.actor(request),
                draft,
                body.string("api_key").filter(key -> !key.isEmpty()));
        return Response.status(Response.Status.CREATED)
                .entity(CatalogViews.of(created))
                .build();
    }

    @PATCH
    @Path("{slugOrId}")
    @Operation(summary = "Change a provider: only the fields sent change; \"api_key\": null removes the key")
    public CatalogViews.ProviderView update(
            @Context ContainerRequestContext request, @PathParam("slugOrId") String slugOrId, JsonObject json) {
        RequestBody body = RequestBody.of(json).allowOnly(FIELDS);
        Provider current = catalog.provider(slugOrId);
        Optional<Optional<String>> apiKey = body.has("api_key")
                ? Optional.of(body.string("api_key").filter(key -> !key.isEmpty()))
                : Optional.empty();
        return CatalogViews.of(catalog.updateProvider(
                OperatorAuthenticationFilter.actor(request), slugOrId, draft(body, Optional.of(current)), apiKey));
    }

    @DELETE
    @Path("{slugOrId}")
    @Operation(summary = "Remove a provider that serves no endpoint any more")
    public Response delete(@Context ContainerRequestContext request, @PathParam("slugOrId") String slugOrId) {
        catalog.deleteProvider(OperatorAuthenticationFilter.actor(request), slugOrId);
        return Response.noContent().build();
    }

    /** A draft from the body, over the current provider's values when changing one. */
    private static ProviderDraft draft(RequestBody body, Optional<Provider> current) {
        String slug = current.isPresent()
                ? body.string("slug").orElse(current.get().getSlug())
                : CatalogRules.providerSlug("slug", body.requiredString("slug"));
        String name = CatalogRules.text(
                "name",
                body.string("name")
                        .or(() -> current.map(Provider::getName))
                        .orElseGet(() -> body.requiredString("name")),
                200);
        Protocol protocol = CatalogRules.protocol(
                "protocol",
                body.string("protocol")
                        .or(() -> current.map(Provider::getProtocol))
                        .orElseGet(() -> body.requiredString("protocol")));
        String baseUrl = body.string("base_url")
                .or(() -> current.map(Provider::getBaseUrl))
                .orElseGet(() -> body.requiredString("base_url"));
        Optional<RequestBody> policy =
                body.object("data_policy").map(p -> p.allowOnly(Set.of("training", "retains_prompts")));
        boolean training = policy.flatMap(p -> p.bool("training"))
                .orElse(current.map(Provider::isTrainsOnPrompts).orElse(false));
        boolean retains = policy.flatMap(p -> p.bool("retains_prompts"))
                .orElse(current.map(Provider::isRetainsPrompts).orElse(false));
        return new ProviderDraft(
                slug,
                name,
                protocol,
                CatalogRules.baseUrl("base_url", baseUrl, protocol),
                training,
                retains,
                body.has("margin")
                        ? body.decimal("margin").map(margin -> CatalogRules.margin("margin", margin))
                        : current.map(Provider::getMargin),
                body.bool("enabled").orElse(current.map(Provider::isEnabled).orElse(true)));
    }
}
