package dev.tollgate.api.credits.boundary;

import dev.tollgate.api.key.boundary.ManagementKey;
import dev.tollgate.api.key.boundary.OrganizationKeyFilter;
import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.billing.call.CallCharges;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.PlainDecimal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/credits}: the organisation's total credits and total usage, read from the ledger (the balance is
 * their difference). As on OpenRouter since 2026, it takes a management key.
 */
@Path("v1/credits")
@ApplicationScoped
@ManagementKey
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Credits")
public class CreditsResource {

    @Inject
    CallCharges charges;

    @GET
    @Operation(summary = "Total credits bought or granted, and total usage; the balance is the difference")
    public String credits(@Context ContainerRequestContext request) {
        CallerKey caller = OrganizationKeyFilter.caller(request);
        CallCharges.Credits credits = charges.credits(caller.organizationId());
        return WireJson.write(WireJson.object()
                .add(
                        "data",
                        WireJson.object()
                                .add("total_credits", WireJson.exact(PlainDecimal.of(credits.totalCredits())))
                                .add("total_usage", WireJson.exact(PlainDecimal.of(credits.totalUsage()))))
                .build());
    }
}
