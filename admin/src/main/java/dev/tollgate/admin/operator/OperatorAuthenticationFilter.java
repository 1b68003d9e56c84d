package dev.tollgate.admin.operator;

import dev.tollgate.admin.audit.entity.Actor;
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
import java.util.Optional;
import java.util.UUID;

/**
 * Lets a request into the operator API with {@code Authorization: Bearer <operator token>}, or from a signed-in
 * operator's portal session together with the {@link OperatorSessions#HEADER} header. Leaves on the request who the
 * operator is ({@link #actor}), for the audit log.
 */
@Provider
@OperatorApi
@Priority(Priorities.AUTHENTICATION)
public class OperatorAuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final String ACTOR = Actor.class.getName();

    @Inject
    OperatorTokens tokens;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null && request.getHeaderString(OperatorSessions.HEADER) != null) {
            Optional<UUID> operator = operatorSession();
            if (operator.isPresent()) {
                request.setProperty(ACTOR, Actor.operator(operator.get(), ""));
                return;
            }
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
        request.setProperty(ACTOR, Actor.operatorToken());
    }

    /**
     * The operator a request of the operator API was admitted as.
     *
     * @throws IllegalStateException when the request did not pass this filter (a resource without {@link OperatorApi})
     */
    public static Actor actor(ContainerRequestContext request) {
        if (!(request.getProperty(ACTOR) instanceof Actor actor)) {
            throw new IllegalStateException("the request was not admitted by the operator filter");
        }
        return actor;
    }

    private Optional<UUID> operatorSession() {
        HttpSession session = servletRequest.getSession(false);
        return Optional.ofNullable(session)
                .map(found -> found.getAttribute(OperatorSessions.ATTRIBUTE))
                .map(account -> account instanceof UUID id ? id : UUID.fromString(account.toString()));
    }
}
