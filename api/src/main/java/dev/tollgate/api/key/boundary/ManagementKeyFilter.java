package dev.tollgate.api.key.boundary;

import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.api.key.control.KeyAuthenticator;
import dev.tollgate.api.key.control.KeyRefusedException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/** Admits only management keys; the authenticated key is left on the request for the resource. */
@Provider
@ManagementKey
@Priority(Priorities.AUTHENTICATION)
public class ManagementKeyFilter implements ContainerRequestFilter {

    /** The request property holding the {@link CallerKey}. */
    public static final String CALLER = CallerKey.class.getName();

    @Inject
    KeyAuthenticator authenticator;

    @Override
    public void filter(ContainerRequestContext request) {
        CallerKey caller =
                authenticator.authenticate(Optional.ofNullable(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
        if (!caller.management()) {
            throw new KeyRefusedException(403, "This endpoint needs a management key, not an inference key");
        }
        request.setProperty(CALLER, caller);
    }
}
