package dev.tollgate.web.identity;

import dev.tollgate.db.tenancy.TenantScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The database scope of each portal request: the signed-in person's current organisation, or no tenant at all for
 * a visitor. Row-level security then keeps every other organisation's rows out of the page, whatever a query
 * forgets. The API ({@code /api/*}) scopes its own requests by the key that calls it. Registered through {@link
 * RequestFilters}.
 */
public class PortalScopeFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/") || path.startsWith("/health")) {
            chain.doFilter(request, response);
            return;
        }
        TenantScope scope = PortalSessions.current(request)
                .map(user -> TenantScope.tenant(user.organization()))
                .orElse(TenantScope.nobody());
        try (TenantScope.Opened ignored = scope.open()) {
            chain.doFilter(request, response);
        }
    }
}
