package dev.tollgate.api.org.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RequestBody;
import dev.tollgate.admin.operator.OperatorApi;
import dev.tollgate.admin.operator.OperatorAuthenticationFilter;
import dev.tollgate.api.org.control.OperatorGrants;
import dev.tollgate.api.org.control.OrganizationService;
import dev.tollgate.api.org.control.UnknownOrganizationException;
import dev.tollgate.api.org.entity.Organization;
import dev.tollgate.billing.grant.CreditGrants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/v1/orgs}: operators create organisations (each with a management key, shown once), change their
 * settings and grant them credits. The ledger's reports are {@link LedgerReportsResource}'s.
 */
@Path("admin/v1")
@ApplicationScoped
@OperatorApi
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: organisations")
@SecurityRequirement(name = "operatorToken")
public class OperatorOrgsResource {

    private static final String DENY_DATA_COLLECTION = "deny_data_collection";

    @Inject
    OrganizationService organizations;

    @Inject
    OperatorGrants grants;

    public record CreatedOrganizationView(UUID id, String name, String managementKey) {}

    public record OrganizationView(UUID id, String name, boolean denyDataCollection, Instant createdAt) {}

    @POST
    @Path("orgs")
    @Operation(summary = "Create an organisation; the response holds its management key, shown this once")
    public Response create(@Context ContainerRequestContext request, JsonObject body) {
        // Read as every body is, so that a NUL or a lone surrogate is refused rather than stored.
        String name = RequestBody.of(body).requiredString("name");
        if (name.length() > 200) {
            throw new InvalidFieldException("name", "must be at most 200 characters");
        }
        OrganizationService.CreatedOrganization created =
                organizations.create(OperatorAuthenticationFilter.actor(request), name);
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedOrganizationView(
                        created.organization().getId(),
                        created.organization().getName(),
                        created.managementKey().key()))
                .build();
    }

    @PATCH
    @Path("orgs/{id}")
    @Operation(
            summary = "Change an organisation's settings: deny_data_collection keeps all its calls away from providers"
                    + " that train on or retain prompts; takes effect for the next call")
    public OrganizationView update(
            @Context ContainerRequestContext request, @PathParam("id") String id, JsonObject json) {
        UUID organizationId = uuid(id);
        RequestBody body = RequestBody.of(json).allowOnly(Set.of(DENY_DATA_COLLECTION));
        Optional<Boolean> deny = body.bool(DENY_DATA_COLLECTION);
        if (body.has(DENY_DATA_COLLECTION) && deny.isEmpty()) {
            throw new InvalidFieldException(DENY_DATA_COLLECTION, "must be true or false");
        }
        // Without the field nothing changes: the answer is the organisation as it stands.
        Organization organization = deny.map(value -> organizations.setDenyDataCollection(
                        OperatorAuthenticationFilter.actor(request), organizationId, value))
                .orElseGet(() ->
                        organizations.find(organizationId).orElseThrow(() -> new UnknownOrganizationException(id)));
        return new OrganizationView(
                organization.getId(),
                organization.getName(),
                organization.isDenyDataCollection(),
                organization.getCreatedAt());
    }

    public record GrantView(
            UUID id, UUID organizationId, String amount, Optional<String> reason, String balance, Instant createdAt) {}

    @POST
    @Path("orgs/{id}/grants")
    @Operation(
            summary = "Grant credits to an organisation: {\"amount\": \"10.00\", \"reason\": \"…\"} in USD."
                    + " An Idempotency-Key header (a UUID) makes a retry credit once.")
    public Response grant(
            @Context ContainerRequestContext request,
            @PathParam("id") String id,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            JsonObject json) {
        UUID organizationId = uuid(id);
        organizations.find(organizationId).orElseThrow(() -> new UnknownOrganizationException(id));
        RequestBody body = RequestBody.of(json).allowOnly(Set.of("amount", "reason"));
        BigDecimal amount =
                body.decimal("amount").orElseThrow(() -> new InvalidFieldException("amount", "is required"));
        UUID grantId;
        try {
            grantId = idempotencyKey == null ? UUID.randomUUID() : UUID.fromString(idempotencyKey.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("Idempotency-Key", "must be a UUID");
        }
        CreditGrants.Granted granted = grants.grant(
                OperatorAuthenticationFilter.actor(request), organizationId, amount, body.string("reason"), grantId);
        return Response.status(Response.Status.CREATED)
                .entity(new GrantView(
                        granted.transfer().id(),
                        organizationId,
                        granted.transfer().amount().toPlainString(),
                        granted.transfer().reference(),
                        granted.credits().available().toPlainString(),
                        granted.transfer().createdAt()))
                .build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new UnknownOrganizationException(id);
        }
    }
}
