package dev.tollgate.api.system.boundary;

import dev.tollgate.api.error.ErrorEnvelope;
import dev.tollgate.api.system.entity.InstallationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/system}: which installation answers, and which version of Tollgate. */
@Path("system")
@ApplicationScoped
@Tag(name = "System", description = "Facts about this installation")
public class SystemResource {

    static final String VERSION = versionOf(SystemResource.class);

    @Inject
    InstallationRepository installations;

    /** The installation's facts, read from the database on every call (this is also a database round trip). */
    public record SystemInfo(
            String name,
            String version,
            @JsonbProperty("installation_id") UUID installationId,
            @JsonbProperty("installed_at") OffsetDateTime installedAt) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "This installation's id, install time and Tollgate version")
    public Response get() {
        return installations
                .find()
                .map(installation -> Response.ok(
                                new SystemInfo("Tollgate", VERSION, installation.id(), installation.installedAt()))
                        .build())
                .orElseGet(() -> ErrorEnvelope.response(503, "The database has no installation row yet"));
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
