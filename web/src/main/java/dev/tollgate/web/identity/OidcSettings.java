package dev.tollgate.web.identity;

import dev.tollgate.db.InvalidSettingException;
import dev.tollgate.db.startup.StartupFailures;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.interceptor.Interceptor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * How the portal signs people in: with the OpenID Connect provider (Keycloak) that {@code TOLLGATE_OIDC_ISSUER}
 * names, or, when it is unset, with built-in accounts. The OpenID Connect mechanism reads the provider's settings from
 * this bean through EL ({@code ${oidcSettings.issuer}}), since annotation EL does not see the WAR's
 * microprofile-config.properties.
 *
 * <p>Invariant: when {@link #enabled()}, the client id, the client secret and the public URL are all usable; a
 * start-up without them halts, naming the variable.
 */
@ApplicationScoped
@Named("oidcSettings")
public class OidcSettings {

    static final String ISSUER = "tollgate.oidc.issuer";

    /** Where the provider sends the browser back with the authorization code (OidcSignInServlet answers it). */
    static final String CALLBACK_PATH = PortalOpenIdMechanism.SERVLET_PATH + PortalOpenIdMechanism.CALLBACK_PATH_INFO;

    @Inject
    Config config;

    @Inject
    StartupFailures failures;

    private Optional<String> issuer;
    private String clientId;
    private String clientSecret;
    private URI publicUrl;

    /** Whether {@code TOLLGATE_OIDC_ISSUER} is set: read before the beans exist, by {@link OidcSwitch}. */
    static boolean configured(Config config) {
        return text(config, ISSUER).isPresent();
    }

    @PostConstruct
    void read() {
        issuer =
                text(config, ISSUER).map(value -> value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        clientId = text(config, "tollgate.oidc.client-id").orElse("");
        clientSecret = text(config, "tollgate.oidc.client-secret").orElse("");
        String port = text(config, "tollgate.http-port").orElse("8080");
        publicUrl = url(text(config, "tollgate.public-url").orElse("http://localhost:" + port));
    }

    /**
     * Refuses to start with a provider but without the client's credentials, or with a public URL that is none: every
     * sign-in would fail.
     */
    void check(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 200) @Initialized(ApplicationScoped.class)
                    Object event) {
        try {
            if (enabled() && (clientId.isEmpty() || clientSecret.isEmpty())) {
                throw new InvalidSettingException(
                        "TOLLGATE_OIDC_CLIENT_ID and TOLLGATE_OIDC_CLIENT_SECRET are required with TOLLGATE_OIDC_ISSUER");
            }
        } catch (InvalidSettingException e) {
            failures.fail("invalid setting: " + e.getMessage());
        }
    }

    public boolean enabled() {
        return issuer.isPresent();
    }

    /** The provider's issuer, e.g. {@code https://sso.example.com/realms/tollgate}; empty in built-in mode. */
    public String getIssuer() {
        return issuer.orElse("");
    }

    public String getClientId() {
        return clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    /** The redirect URI registered with the provider: the public URL's {@value #CALLBACK_PATH}. */
    public String getRedirectUri() {
        return publicUrl + CALLBACK_PATH;
    }

    /** Where browsers reach this Tollgate, without a trailing slash. */
    public URI publicUrl() {
        return publicUrl;
    }

    private static Optional<String> text(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Said below.
        }
        throw new InvalidSettingException(
                "TOLLGATE_PUBLIC_URL must be an http(s) address such as https://tollgate.example.com, not '" + value
                        + "'");
    }
}
