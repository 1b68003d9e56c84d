package dev.tollgate.api.key.boundary;

import dev.tollgate.db.tenancy.TenantScope;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Every API request starts in the platform's scope and, however it ends (an answer, a refusal, an exception), gives
 * its thread back in the scope it found it in. The key filters narrow a tenant's request to its organisation for the
 * rest of the request ({@link OrganizationKeyFilter}); this is what undoes that, so a pooled request thread never
 * carries one organisation's scope into the next request. Costs no database round trip: the platform scope is what
 * the inference hot path works in anyway. Registered through {@link dev.tollgate.api.request.boundary.ApiFilters}.
 */
public class TenantScopeFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try (TenantScope.Opened ignored = TenantScope.platform().open()) {
            chain.doFilter(request, response);
        }
    }
}
