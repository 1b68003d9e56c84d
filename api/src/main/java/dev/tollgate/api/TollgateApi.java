package dev.tollgate.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

/** Every JAX-RS resource of the WAR lives under {@code /api}; the portal owns the rest of the URL space. */
@ApplicationPath("/api")
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Tollgate API",
                        version = "1",
                        description = "OpenRouter-compatible inference API, operator API and installation facts of a"
                                + " self-hosted Tollgate.",
                        license = @License(name = "Proprietary")),
        servers = @Server(url = "/"))
@SecurityScheme(
        securitySchemeName = "operatorToken",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An operator token; TOLLGATE_ADMIN_TOKEN is the first one")
public class TollgateApi extends Application {}
