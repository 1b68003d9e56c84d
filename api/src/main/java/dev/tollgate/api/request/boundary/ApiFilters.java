package dev.tollgate.api.request.boundary;

import dev.tollgate.api.key.boundary.TenantScopeFilter;
import dev.tollgate.api.throttle.boundary.KeyGuessingFilter;
import dev.tollgate.api.throttle.control.KeyGuessing;
import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import java.io.IOException;

/**
 * The filters every {@code /api} request passes, registered with the container as one, in this order: the platform's
 * tenant scope around everything ({@link TenantScopeFilter}), the throttle of guessed keys before any body is read
 * ({@link KeyGuessingFilter}), the bound on bodies ({@link BodyLimitFilter}). The container wraps each filter it
 * calls in its own bookkeeping (invocation and instance events), which cost the inference hot path about as much as
 * the filters' work (bench/RESULTS.md); registered one by one, their order was also the container's choice.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class ApiFilters implements Filter {

    @Inject
    KeyGuessing guessing;

    private final TenantScopeFilter tenantScope = new TenantScopeFilter();
    private final BodyLimitFilter bodyLimit = new BodyLimitFilter();
    private KeyGuessingFilter keyGuessing;

    @Override
    public void init(FilterConfig config) throws ServletException {
        keyGuessing = new KeyGuessingFilter(guessing);
        bodyLimit.init(config);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        tenantScope.doFilter(
                request,
                response,
                (scoped, scopedResponse) -> keyGuessing.doFilter(
                        scoped,
                        scopedResponse,
                        (admitted, admittedResponse) -> bodyLimit.doFilter(admitted, admittedResponse, chain)));
    }
}
