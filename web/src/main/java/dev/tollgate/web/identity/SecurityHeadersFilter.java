package dev.tollgate.web.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers on every response. The content security policy is what Vaadin Flow's client needs and no more:
 * its bootstrap runs inline scripts and its templates use eval, so scripts need {@code 'unsafe-inline'} and
 * {@code 'unsafe-eval'}, but only from this origin; nothing may frame the portal (clickjacking), sniff types or
 * learn the full address of the page a link was followed from. Registered through {@link RequestFilters}.
 */
public class SecurityHeadersFilter extends HttpFilter {

    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'");

    /**
     * Whether browsers reach this installation over HTTPS only: read from the configuration once, since every request
     * passes here, the inference calls included, and a MicroProfile Config lookup is not free.
     */
    private final boolean httpsOnly = PublicUrl.https();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        response.setHeader("X-Frame-Options", "DENY");
        if (httpsOnly) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(request, response);
    }
}
