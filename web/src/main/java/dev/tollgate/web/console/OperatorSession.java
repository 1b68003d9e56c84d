package dev.tollgate.web.console;

import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.web.identity.PortalSessions;
import dev.tollgate.web.identity.PortalUser;
import java.util.Optional;

/**
 * Whether this browser session is an operator's: signed in with an operator account (Keycloak's realm role
 * {@code admin}, or the operator account of the configuration), or proved by entering the operator token. The token itself is
 * not kept in the session, only the fact.
 */
public final class OperatorSession {

    private static final String ATTRIBUTE = OperatorSession.class.getName();

    private OperatorSession() {}

    public static boolean isOperator() {
        if (PortalSessions.current().map(PortalUser::operator).orElse(false)) {
            return true;
        }
        VaadinSession session = VaadinSession.getCurrent();
        return session != null && Boolean.TRUE.equals(session.getAttribute(ATTRIBUTE));
    }

    /**
     * Who this operator is, for the audit log: the operator's account when signed in with one, else the operator
     * token the session was admitted with; empty when the session is not an operator's.
     */
    public static Optional<Actor> actor() {
        Optional<PortalUser> user = PortalSessions.current().filter(PortalUser::operator);
        if (user.isPresent()) {
            return Optional.of(Actor.operator(user.get().account(), user.get().email()));
        }
        return isOperator() ? Optional.of(Actor.operatorToken()) : Optional.empty();
    }

    static void admit() {
        // A new session id on privilege change, so a session id planted before sign-in is worth nothing after it.
        VaadinService.reinitializeSession(VaadinService.getCurrentRequest());
        VaadinSession.getCurrent().setAttribute(ATTRIBUTE, Boolean.TRUE);
    }
}
