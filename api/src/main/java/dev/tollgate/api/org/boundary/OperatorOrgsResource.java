package dev.tollgate.api.org.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.operator.OperatorApi;
import dev.tollgate.api.error.ErrorEnvelope;
import dev.tollgate.api.org.control.OrganizationService;
import dev.tollgate.api.org.control.UnknownOrganizationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/v1/orgs}: operators create organisations (each with a management key, shown once). Grants and the
 * ledger summary answer 501 until the ledger exists.
 */
@Path("admin/v1")
@ApplicationScoped
@OperatorApi
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: organisations")
@SecurityRequirement(name = "operatorToken")
public class OperatorOrgsResource {

    @Inject
    OrganizationService organizations;

    public record CreatedOrganizationView(UUID id, String name, String managementKey) {}

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
