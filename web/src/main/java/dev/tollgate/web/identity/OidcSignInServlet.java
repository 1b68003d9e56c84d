package dev.tollgate.web.identity;

import dev.tollgate.api.account.control.AccountRefusedException;
import dev.tollgate.api.account.control.Accounts;
import dev.tollgate.api.account.control.ProviderIdentity;
import dev.tollgate.api.account.control.SignedIn;
import dev.tollgate.api.org.control.Memberships;
import jakarta.annotation.security.DeclareRoles;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sign-in with the OpenID Connect provider. {@code GET /auth/oidc/sign-in} sends the browser to the provider; the
 * provider sends it back to {@code /auth/oidc/callback}, where {@link PortalOpenIdMechanism} has already exchanged the
 * code for tokens. The claims become the account ({@link Accounts#signInWithProvider}, made on first sign-in) and the
 * portal session's person, working in their personal organisation. In built-in mode both paths answer 404.
 */
@WebServlet(urlPatterns = PortalOpenIdMechanism.SERVLET_PATH + "/*", name = "oidc-sign-in")
@DeclareRoles(OidcSignInServlet.OPERATOR_ROLE)
public class OidcSignInServlet extends HttpServlet {

    /** The provider's role (in the {@code groups} claim) of those who run the marketplace. */
    static final String OPERATOR_ROLE = "admin";

    @Inject
    OidcSettings settings;

    @Inject
    OpenIdContext openId;

    @Inject
    Accounts accounts;

    @Inject
    Memberships memberships;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String step = request.getPathInfo();
        if (!settings.enabled()
                || !("/sign-in".equals(step) || PortalOpenIdMechanism.CALLBACK_PATH_INFO.equals(step))) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (request.getUserPrincipal() == null) {
            if (PortalOpenIdMechanism.CALLBACK_PATH_INFO.equals(step)) {
                // A callback the mechanism did not accept (stale state, an error from the provider): starting over
                // from here could loop between the provider and this page.
                refuse(request, response, "The sign-in did not complete. Try again.");
            } else if (request.authenticate(response)) {
                complete(request, response);
            }
            // Otherwise the mechanism has sent the browser to the provider.
            return;
        }
        complete(request, response);
    }

    private void complete(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Map<String, Object> claims = openId.getIdentityToken().getClaims();
        ProviderIdentity identity = new ProviderIdentity(
                openId.getSubject(),
                text(claims, "email"),
                Boolean.TRUE.equals(claims.get("email_verified")),
                text(claims, "name").isEmpty() ? text(claims, "preferred_username") : text(claims, "name"),
                // Not SecurityContext.isCallerInRole: it is false on the request that completes the login (Payara
                // issue 4734).
                request.isUserInRole(OPERATOR_ROLE));
        // The portal session is the sign-in state from here on; the container's login would only shadow it.
        request.logout();
        try {
            SignedIn who = accounts.signInWithProvider(identity);
            PortalSessions.signIn(
                    request,
                    PortalSessions.user(
                            who, memberships.organizationsOf(who.account()).get(0)));
        } catch (AccountRefusedException e) {
            refuse(request, response, e.getMessage());
            return;
        }
        response.sendRedirect(request.getContextPath() + "/");
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        response.sendRedirect(
                request.getContextPath() + "/login?error=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
    }

    private static String text(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        return value instanceof String text ? text.strip() : "";
    }
}
