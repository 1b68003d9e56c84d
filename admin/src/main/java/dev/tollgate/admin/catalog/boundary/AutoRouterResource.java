package dev.tollgate.admin.catalog.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RequestBody;
import dev.tollgate.admin.catalog.control.CatalogRules;
import dev.tollgate.admin.catalog.control.CatalogService;
import dev.tollgate.admin.operator.OperatorApi;
import dev.tollgate.admin.operator.OperatorAuthenticationFilter;
import dev.tollgate.routing.catalog.AutoRouteEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/v1/auto-router}: the models {@code openrouter/auto} may choose, in order, each with a cost tier
 * ({@code low}, {@code medium}, {@code high}, {@code xhigh}, {@code max}). The list is read and replaced whole.
 */
@Path("admin/v1/auto-router")
@ApplicationScoped
@OperatorApi
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: auto router")
@SecurityRequirement(name = "operatorToken")
public class AutoRouterResource {

    private static final Set<String> ENTRY_FIELDS = Set.of("model", "cost_tier");

    @Inject
    CatalogService catalog;

    @GET
    @Operation(summary = "The models openrouter/auto may choose, in order, with their cost tiers")
    public CatalogViews.AutoRouterView get() {
        return CatalogViews.of(catalog.autoRoute());
    }

    @PUT
    @Operation(
            summary = "Replace the models openrouter/auto may choose; each must be in the catalog, listed once;"
                    + " takes effect for the next call")
    public CatalogViews.AutoRouterView replace(@Context ContainerRequestContext request, JsonObject json) {
        List<RequestBody> models = RequestBody.of(json)
                .allowOnly(Set.of("models"))
                .objects("models")
                .orElseThrow(() -> new InvalidFieldException(
                        "models", "is required: [{\"model\": \"author/slug\", \"cost_tier\": \"low\"}, …]"));
        List<AutoRouteEntry> entries = models.stream()
                .map(entry -> entry.allowOnly(ENTRY_FIELDS))
                .map(entry -> new AutoRouteEntry(
                        entry.requiredString("model"),
                        CatalogRules.costTier(entry.field("cost_tier"), entry.requiredString("cost_tier"))))
                .toList();
        return CatalogViews.of(catalog.replaceAutoRoute(OperatorAuthenticationFilter.actor(request), entries));
    }
}
