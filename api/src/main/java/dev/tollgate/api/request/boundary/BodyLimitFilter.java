package dev.tollgate.api.request.boundary;

import dev.tollgate.routing.adapter.WireJson;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Bounds the body of every JAX-RS request under {@code /api} (keys, checkout, the operator API, Stripe's webhook) to
 * {@code tollgate.api.max-body-bytes} (default 10 MiB), the limit the inference endpoints apply themselves: a larger
 * one is a 413 in OpenRouter's envelope, before any reader holds it in memory. A body of announced length is judged by
 * its {@code Content-Length}; a chunked one is read up to the limit and handed on from memory. Registered through
 * {@link ApiFilters}.
 */
public class BodyLimitFilter implements Filter {

    /** The inference servlets read their bodies as a stream and bound them there, without a copy. */
    private static final Set<String> INFERENCE = Set.of("/api/v1/chat/completions", "/api/v1/completions");

    private int maxBodyBytes;

    @Override
    public void init(FilterConfig config) {
        maxBodyBytes = ConfigProvider.getConfig()
                .getOptionalValue("tollgate.api.max-body-bytes", Integer.class)
                .orElse(10 * 1024 * 1024);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        long length = http.getContentLengthLong();
        boolean chunked = length < 0 && http.getHeader("Transfer-Encoding") != null;
        String path = http.getRequestURI().substring(http.getContextPath().length());
        if (INFERENCE.contains(path) || (length <= maxBodyBytes && !chunked)) {
            chain.doFilter(request, response);
            return;
        }
        InputStream in = http.getInputStream();
        byte[] body = length > maxBodyBytes ? new byte[0] : in.readNBytes(maxBodyBytes + 1);
        if (length > maxBodyBytes || body.length > maxBodyBytes) {
            discard(in, maxBodyBytes);
            tooLarge((HttpServletResponse) response);
            return;
        }
        chain.doFilter(new BufferedBody(http, body), response);
    }

    /**
     * Reads and drops what is left of a body refused for its size, up to a bound. A client that is still sending on a
     * kept-alive connection reads no answer until its body is out (java.net.http waits forever), so the body is
     * swallowed rather than left; past the bound the connection is closed instead. The inference servlets use it too.
     */
    public static void discard(InputStream in, int maxBodyBytes) throws IOException {
        long left = Math.max(64L * 1024 * 1024, 4L * maxBodyBytes);
        byte[] sink = new byte[64 * 1024];
        int read;
        while (left > 0 && (read = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
            left -= read;
        }
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        byte[] envelope = WireJson.bytes(WireJson.object()
                .add(
                        "error",
                        WireJson.object()
                                .add("code", 413)
                                .add("message", "The request body is larger than " + maxBodyBytes + " bytes"))
                .build());
        response.setStatus(413);
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.setContentLength(envelope.length);
        response.getOutputStream().write(envelope);
        response.flushBuffer();
    }

    /** A request whose body was read to memory to measure it. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body is already read");
                }
            };
        }
    }
}
