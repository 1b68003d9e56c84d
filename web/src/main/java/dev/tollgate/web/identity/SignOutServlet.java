package dev.tollgate.web.identity;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.openid.IdentityToken;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.glassfish.soteria.mechanisms.openid.domain.OpenIdConfiguration;

/**
 * {@code GET /auth/sign-out}: ends the portal session. With an OpenID Connect provider it also ends the provider's
 * session (RP-initiated logout), else the next sign-in would pass through without a password; the provider then
 * sends the browser back to the portal's home.
 */
@WebServlet(urlPatterns = "/auth/sign-out", name = "sign-out")
public class SignOutServlet extends HttpServlet {

    @Inject
    OidcSettings settings;

    // Looked up only with a provider: in built-in mode there is no OpenID Connect configuration to build.
    @Inject
    Instance<OpenIdConfiguration> configuration;

    @Inject
    Instance<OpenIdContext> openId;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (!settings.enabled()) {
            if (session != null) {
                session.invalidate();
            }
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        StringBuilder providerLogout = new StringBuilder(
                        configuration.get().getProviderMetadata().getEndSessionEndpoint())
                .append("?client_id=")
                .append(encoded(settings.getClientId()))
                .append("&post_logout_redirect_uri=")
                .append(encoded(settings.publicUrl() + "/"));
        if (session != null) {
            // The ID token lets the provider end its session without asking; it lives in the session ending here.
            IdentityToken idToken = openId.get().getIdentityToken();
            if (idToken != null) {
                providerLogout.append("&id_token_hint=").append(encoded(idToken.getToken()));
            }
            session.invalidate();
        }
        response.sendRedirect(providerLogout.toString());
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
