package dev.tollgate.admin.catalog.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RequestBody;
import dev.tollgate.admin.catalog.control.CatalogService;
import dev.tollgate.admin.operator.OperatorApi;
import dev.tollgate.admin.operator.OperatorAuthenticationFilter;
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
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/admin/v1/pricing}: the platform's default margin, for endpoints and providers without their own. */
@Path("admin/v1/pricing")
@ApplicationScoped
@OperatorApi
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: pricing")
@SecurityRequirement(name = "operatorToken")
public class PricingResource {

    @Inject
    CatalogService catalog;

    @GET
    @Operation(summary = "The platform's default margin")
    public CatalogViews.PricingView get() {
        return new CatalogViews.PricingView(CatalogViews.decimal(catalog.platformMargin()));
    }

    @PUT
    @Operation(summary = "Set the platform's default margin (0.05 is 5 %)")
    public CatalogViews.PricingView set(@Context ContainerRequestContext request, JsonObject json) {
        RequestBody body = RequestBody.of(json).allowOnly(Set.of("default_margin"));
        return new CatalogViews.PricingView(CatalogViews.decimal(catalog.setPlatformMargin(
                OperatorAuthenticationFilter.actor(request),
                body.decimal("default_margin")
                        .orElseThrow(() -> new InvalidFieldException("default_margin", "is required")))));
    }
}
