package dev.tollgate.admin.operator;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets a request into the operator API with {@code Authorization: Bearer <operator token>}, or from a signed-in
 * operator's portal session together with the {@link OperatorSessions#HEADER} header.
 */
@Provider
@OperatorApi
@Priority(Priorities.AUTHENTICATION)
public class OperatorAuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    OperatorTokens tokens;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null && request.getHeaderString(OperatorSessions.HEADER) != null && operatorSession()) {
            return;
        }
        if (!tokens.isConfigured()) {
            throw new OperatorAuthenticationException(
                    "The operator API is switched off: set TOLLGATE_ADMIN_TOKEN to an operator token and restart");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new OperatorAuthenticationException(
                    "No auth credentials found: send Authorization: Bearer <operator token>");
        }
        if (!tokens.isOperator(authorization.substring(BEARER.length()).strip())) {
            throw new OperatorAuthenticationException("Invalid operator token");
        }
    }

    private boolean operatorSession() {
        HttpSession session = servletRequest.getSession(false);
        return session != null && session.getAttribute(OperatorSessions.ATTRIBUTE) != null;
    }
}
