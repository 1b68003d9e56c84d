package dev.tollgate.api.key.boundary;

import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.api.key.control.KeyAuthenticator;
import dev.tollgate.api.key.control.KeyRefusedException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Admits only management keys, as {@link OrganizationKeyFilter} admits any key: the key is left on the request and the
 * rest of the request sees only its organisation's rows.
 */
@Provider
@ManagementKey
@Priority(Priorities.AUTHENTICATION)
public class ManagementKeyFilter implements ContainerRequestFilter {

    @Inject
    KeyAuthenticator authenticator;

    @Override
    public void filter(ContainerRequestContext request) {
        CallerKey caller = OrganizationKeyFilter.authenticate(authenticator, request);
        if (!caller.management()) {
            throw new KeyRefusedException(403, "This endpoint needs a management key, not an inference key");
        }
        OrganizationKeyFilter.admit(request, caller);
    }
}
