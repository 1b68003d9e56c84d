package dev.tollgate.web.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The address people reach this installation at: {@code TOLLGATE_PUBLIC_URL} when set (behind a load balancer or
 * TLS terminator it must be), else what the browser asked for.
 */
public final class PublicUrl {

    private PublicUrl() {}

    public static String of(HttpServletRequest request) {
        return configured().orElseGet(() -> request.getScheme() + "://" + request.getHeader("Host"));
    }

    static java.util.Optional<String> configured() {
        return ConfigProvider.getConfig()
                .getOptionalValue("tollgate.public-url", String.class)
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .map(value -> value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    /** Whether browsers reach this installation over HTTPS only, so cookies may be marked Secure. */
    static boolean https() {
        return configured().map(url -> url.startsWith("https://")).orElse(false);
    }
}
