package dev.tollgate.web.identity;

import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How people sign in here: with built-in accounts (the default), or through the OpenID Connect provider when
 * {@code TOLLGATE_OIDC_ISSUER} names one. Both lead to the same accounts, organisations and roles.
 */
public final class IdentityMode {

    private IdentityMode() {}

    /** Whether sign-in and sign-up go through the OpenID Connect provider. */
    public static boolean openIdConnect() {
        return issuer().isPresent();
    }

    static Optional<String> issuer() {
        return ConfigProvider.getConfig()
                .getOptionalValue("tollgate.oidc.issuer", String.class)
                .map(String::strip)
                .filter(value -> !value.isEmpty());
    }
}
