package dev.tollgate.api.org.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RequestBody;
import dev.tollgate.admin.operator.OperatorApi;
import dev.tollgate.api.error.ErrorEnvelope;
import dev.tollgate.api.org.control.OrganizationService;
import dev.tollgate.api.org.control.UnknownOrganizationException;
import dev.tollgate.api.org.entity.Organization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/v1/orgs}: operators create organisations (each with a management key, shown once) and change their
 * settings. Grants and the ledger summary answer 501 until the ledger exists.
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

    public record CreatedOrganizationView(UUID id, String name, String managementKey) {}

    public record OrganizationView(UUID id, String name, boolean denyDataCollection, Instant createdAt) {}

    @POST
    @Path("orgs")
    @Operation(summary = "Create an organisation; the response holds its management key, shown this once")
    public Response create(JsonObject body) {
        if (body == null
                || !(body.get("name") instanceof JsonString name)
                || name.getString().isBlank()) {
            throw new InvalidFieldException("name", "is required");
        }
        if (name.getString().strip().length() > 200) {
            throw new InvalidFieldException("name", "must be at most 200 characters");
        }
        OrganizationService.CreatedOrganization created =
                organizations.create(name.getString().strip());
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
    public OrganizationView update(@PathParam("id") String id, JsonObject json) {
        UUID organizationId = uuid(id);
        RequestBody body = RequestBody.of(json).allowOnly(Set.of(DENY_DATA_COLLECTION));
        Optional<Boolean> deny = body.bool(DENY_DATA_COLLECTION);
        if (body.has(DENY_DATA_COLLECTION) && deny.isEmpty()) {
            throw new InvalidFieldException(DENY_DATA_COLLECTION, "must be true or false");
        }
        // Without the field nothing changes: the answer is the organisation as it stands.
        Organization organization = deny.map(value -> organizations.setDenyDataCollection(organizationId, value))
                .orElseGet(() ->
                        organizations.find(organizationId).orElseThrow(() -> new UnknownOrganizationException(id)));
        return new OrganizationView(
                organization.getId(),
                organization.getName(),
                organization.isDenyDataCollection(),
                organization.getCreatedAt());
    }

    @POST
    @Path("orgs/{id}/grants")
    @Operation(summary = "Grant credits to an organisation (answers 501 until the ledger exists)")
    public Response grant(@PathParam("id") String id) {
        organizations.find(uuid(id)).orElseThrow(() -> new UnknownOrganizationException(id));
        return ErrorEnvelope.response(501, "Grants are not available yet: the ledger arrives with billing");
    }

    @GET
    @Path("ledger/summary")
    @Operation(summary = "Balances per account kind (answers 501 until the ledger exists)")
    public Response ledgerSummary() {
        return ErrorEnvelope.response(501, "The ledger summary is not available yet: the ledger arrives with billing");
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new UnknownOrganizationException(id);
        }
    }
}
