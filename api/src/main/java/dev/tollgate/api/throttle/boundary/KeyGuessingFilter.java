package dev.tollgate.api.throttle.boundary;

import dev.tollgate.api.throttle.control.KeyGuessing;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;

/**
 * Every {@code /api} request that presents a credential ({@code Authorization}) passes here: from an address that has
 * had too many refused lately (see {@link KeyGuessing}) it is answered 429 in OpenRouter's envelope with {@code
 * Retry-After}, before the key is even looked up; otherwise it goes on, and a 401 it ends with counts against the
 * address. Requests without a credential are not counted: they guess nothing. Registered through {@link
 * dev.tollgate.api.request.boundary.ApiFilters}.
 */
public class KeyGuessingFilter implements Filter {

    private final KeyGuessing guessing;

    public KeyGuessingFilter(KeyGuessing guessing) {
        this.guessing = guessing;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (http.getHeader("Authorization") == null) {
            chain.doFilter(request, response);
            return;
        }
        String client = guessing.clientOf(http.getRemoteAddr(), Collections.list(http.getHeaders("X-Forwarded-For")));
        Optional<Duration> refused = guessing.refusedFor(client);
        if (refused.isPresent()) {
            tooManyFailures((HttpServletResponse) response, refused.get());
            return;
        }
        chain.doFilter(request, response);
        if (((HttpServletResponse) response).getStatus() == 401) {
            guessing.failed(client);
        }
    }

    private static void tooManyFailures(HttpServletResponse response, Duration left) throws IOException {
        long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
        byte[] envelope = WireJson.bytes(WireJson.object()
                .add(
                        "error",
                        WireJson.object()
                                .add("code", 429)
                                .add(
                                        "message",
                                        "Too many requests with an invalid key from this address: try again in "
                                                + seconds + " s"))
                .build());
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        // The body, if any, is not read: the connection goes, and a guesser pays for a new one.
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.setContentLength(envelope.length);
        response.getOutputStream().write(envelope);
        response.flushBuffer();
    }
}
