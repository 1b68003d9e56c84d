package dev.tollgate.web.identity;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Leaves the OpenID Connect mechanism out of the application altogether when no provider is configured. Jakarta
 * Security registers an authentication module, called on every request, as soon as one mechanism bean exists; in
 * built-in mode there must be none, so that API calls pay nothing for a sign-in method that is not used.
 */
public class OidcSwitch implements Extension {

    private static final Logger LOG = Logger.getLogger(OidcSwitch.class.getName());

    void skipWhenOff(
            @Observes @WithAnnotations(OpenIdAuthenticationMechanismDefinition.class) ProcessAnnotatedType<?> type) {
        if (OidcSettings.configured(ConfigProvider.getConfig())) {
            LOG.info("portal sign-in: OpenID Connect (TOLLGATE_OIDC_ISSUER is set)");
        } else {
            type.veto();
        }
    }
}
