package dev.tollgate.api.key.boundary;

import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.api.key.control.KeyAuthenticator;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Admits any valid key of an organisation and narrows the rest of the request to that organisation's rows, so that a
 * query that forgets its organisation filter still finds nothing of another tenant's. The key lookup before it spans
 * every organisation and runs in the platform's scope.
 */
@Provider
@OrganizationKey
@Priority(Priorities.AUTHENTICATION)
public class OrganizationKeyFilter implements ContainerRequestFilter {

    /** The request property holding the {@link CallerKey}. */
    public static final String CALLER = CallerKey.class.getName();

    @Inject
    KeyAuthenticator authenticator;

    @Override
    public void filter(ContainerRequestContext request) {
        admit(request, authenticate(authenticator, request));
    }

    static CallerKey authenticate(KeyAuthenticator authenticator, ContainerRequestContext request) {
        return authenticator.authenticate(Optional.ofNullable(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }

    /** Leaves the key on the request for the resource and narrows the thread's scope to its organisation. */
    static void admit(ContainerRequestContext request, CallerKey caller) {
        request.setProperty(CALLER, caller);
        // Left open on purpose: the resource runs after this filter returns. TenantScopeFilter restores the thread's
        // scope when the request ends, exceptions included.
        caller.scope().open();
    }

    /** The key a request was admitted with. */
    public static CallerKey caller(ContainerRequestContext request) {
        return (CallerKey) request.getProperty(CALLER);
    }
}
