package dev.tollgate.web.identity;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.glassfish.soteria.mechanisms.OpenIdAuthenticationMechanism;

/**
 * Sign-in with the OpenID Connect provider (authorization-code flow), confined to {@code /auth/oidc/*}. Jakarta
 * Security calls the application's mechanism on every request; Soteria's OpenID Connect mechanism would then look
 * for a callback on each one, API calls included. This mechanism, chosen over Soteria's as the enabled alternative,
 * hands only the sign-in servlet's requests to it and lets every other request through untouched. It exists only
 * when {@code TOLLGATE_OIDC_ISSUER} is set ({@link OidcSwitch}).
 *
 * <p>The portal's own session ({@link PortalSessions}) is the sign-in state; the container's login lasts only until
 * the sign-in servlet has copied the provider's claims.
 */
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${oidcSettings.issuer}",
        clientId = "${oidcSettings.clientId}",
        clientSecret = "${oidcSettings.clientSecret}",
        redirectURI = "${oidcSettings.redirectUri}",
        scope = {"openid", "email", "profile"},
        claimsDefinition = @ClaimsDefinition(callerGroupsClaim = "groups"))
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class PortalOpenIdMechanism implements HttpAuthenticationMechanism {

    /** The servlet path of {@link OidcSignInServlet}: sign-in and the provider's callback. */
    static final String SERVLET_PATH = "/auth/oidc";

    static final String CALLBACK_PATH_INFO = "/callback";

    @Inject
    OpenIdAuthenticationMechanism openId;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        if (!SERVLET_PATH.equals(request.getServletPath())) {
            return context.doNothing();
        }
        if (CALLBACK_PATH_INFO.equals(request.getPathInfo()) && request.getSession(false) == null) {
            // A callback whose sign-in began in no session here (it expired, or the link was forged): Soteria
            // would fail on the missing state with a 500; the servlet asks the person to try again instead.
            return context.doNothing();
        }
        return openId.validateRequest(request, response, context);
    }

    @Override
    public AuthenticationStatus secureResponse(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        if (!SERVLET_PATH.equals(request.getServletPath())) {
            return AuthenticationStatus.SUCCESS;
        }
        return openId.secureResponse(request, response, context);
    }

    // cleanSubject stays the default (drop the principal): Soteria's would also end the HTTP session and send the
    // browser to the provider, while the sign-in servlet only means to forget the container's login.
}
