package dev.tollgate.web.identity;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import java.io.IOException;

/**
 * The filters of every request to the server, registered with the container as one: the security headers ({@link
 * SecurityHeadersFilter}), then the portal's tenant scope ({@link PortalScopeFilter}, which lets the API's requests
 * pass). One filter instead of two, because the container's bookkeeping around each filter it calls costs the
 * inference hot path about as much as their work (see {@code dev.tollgate.api.request.boundary.ApiFilters}).
 */
@WebFilter(filterName = "request-filters", urlPatterns = "/*", asyncSupported = true)
public class RequestFilters implements Filter {

    private final SecurityHeadersFilter securityHeaders = new SecurityHeadersFilter();
    private final PortalScopeFilter portalScope = new PortalScopeFilter();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        securityHeaders.doFilter(
                request, response, (headed, headedResponse) -> portalScope.doFilter(headed, headedResponse, chain));
    }
}
