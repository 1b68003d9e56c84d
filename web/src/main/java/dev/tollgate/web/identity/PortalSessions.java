package dev.tollgate.web.identity;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import dev.tollgate.admin.operator.OperatorSessions;
import dev.tollgate.api.account.control.SignedIn;
import dev.tollgate.api.org.control.Memberships.Membership;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/**
 * The signed-in person of an HTTP session, which Vaadin's session lives in too: set at sign-in (with a new session
 * id, so that an id planted before sign-in is worth nothing after it), read by pages and by the filter that scopes
 * each request's database work, dropped at sign-out.
 */
public final class PortalSessions {

    static final String ATTRIBUTE = PortalUser.class.getName();

    private PortalSessions() {}

    /** Whom a signed-in account works as at first: their first organisation, the personal one. */
    public static PortalUser user(SignedIn who, Membership organization) {
        return new PortalUser(
                who.account(),
                who.email(),
                who.name(),
                who.operator(),
                organization.organization(),
                organization.name(),
                organization.personal(),
                organization.role());
    }

    /** Signs {@code user} in to the session of a plain servlet request (the OpenID Connect callback). */
    public static void signIn(HttpServletRequest request, PortalUser user) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(ATTRIBUTE, user);
        markOperator(session::setAttribute, session::removeAttribute, user);
    }

    /** Signs {@code user} in from a Vaadin page. */
    public static void signIn(PortalUser user) {
        VaadinRequest request = VaadinService.getCurrentRequest();
        VaadinService.reinitializeSession(request);
        WrappedSession session = VaadinSession.getCurrent().getSession();
        session.setAttribute(ATTRIBUTE, user);
        markOperator(session::setAttribute, session::removeAttribute, user);
    }

    /** Lets the operator API admit an operator's session (see {@link OperatorSessions}). */
    private static void markOperator(
            java.util.function.BiConsumer<String, Object> set,
            java.util.function.Consumer<String> remove,
            PortalUser user) {
        if (user.operator()) {
            set.accept(OperatorSessions.ATTRIBUTE, user.account());
        } else {
            remove.accept(OperatorSessions.ATTRIBUTE);
        }
    }

    /** The signed-in person of the current Vaadin request. */
    public static Optional<PortalUser> current() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null) {
            return Optional.empty();
        }
        WrappedSession wrapped = session.getSession();
        return wrapped == null ? Optional.empty() : Optional.ofNullable((PortalUser) wrapped.getAttribute(ATTRIBUTE));
    }

    /** The signed-in person of a servlet request's session, if it has one. */
    public static Optional<PortalUser> current(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((PortalUser) session.getAttribute(ATTRIBUTE));
    }

    /** Works in another organisation from now on. */
    public static void switchTo(PortalUser user) {
        VaadinSession.getCurrent().getSession().setAttribute(ATTRIBUTE, user);
    }

    /** Ends the session altogether. */
    public static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null && session.getSession() != null) {
            session.getSession().invalidate();
        }
    }
}
