package dev.tollgate.routing.adapter;

import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An adapter for a provider reached over HTTP: the transport (one shared, pooled client; timeouts; error
 * classification; reading server-sent events) is here; what the protocol looks like is its {@link HttpProtocol}.
 * Calls block the request thread: the classic client reads the socket on the caller's own thread, with no hand-off,
 * which measured several times faster here than {@code java.net.http} (see {@code docs/decisions.md}).
 */
public final class HttpProviderAdapter implements ProviderAdapter {

    private static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;
    private static final int MAX_ERROR_CHARS = 2000;

    private final Protocol protocol;
    private final HttpProtocol wire;
    private final CloseableHttpClient client;

    /**
     * @param client the shared client; its connection settings hold the timeouts
     */
    public HttpProviderAdapter(Protocol protocol, HttpProtocol wire, CloseableHttpClient client) {
        this.protocol = protocol;
        this.wire = wire;
        this.client = client;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public UpstreamReply start(RoutableEndpoint endpoint, ChatCall call) throws UpstreamFailure {
        HttpPost post;
        try {
            UpstreamRequest request = wire.request(endpoint, call);
            post = new HttpPost(request.uri());
            request.headers().forEach(post::setHeader);
            post.setEntity(new ByteArrayEntity(request.body(), ContentType.APPLICATION_JSON));
        } catch (RuntimeException unmappable) {
            throw new UpstreamFailure(UpstreamFailure.Kind.BAD_REQUEST, 0, unmappable.getMessage());
        }
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(null, post, null);
        } catch (IOException e) {
            throw transportFailure(e);
        }
        if (response.getCode() / 100 != 2) {
            throw errorAnswer(response, endpoint.provider().apiKey());
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            closeQuietly(post, response, false);
            throw new UpstreamFailure(
                    UpstreamFailure.Kind.INVALID_RESPONSE, response.getCode(), "the provider's answer is empty");
        }
        InputStream body;
        try {
            body = entity.getContent();
        } catch (IOException e) {
            closeQuietly(post, response, false);
            throw broken(e);
        }
        Optional<String> credential = endpoint.provider().apiKey();
        return call.stream()
                ? new StreamReply(post, response, body, wire.streamTranslator(), credential)
                : new WholeReply(post, response, body, credential);
    }

    private static UpstreamFailure transportFailure(IOException cause) {
        // A read or connect timeout (HttpClient's ConnectTimeoutException is a SocketTimeoutException), or no pooled
        // connection free in time.
        if (cause instanceof SocketTimeoutException || cause instanceof ConnectionRequestTimeoutException) {
            return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, 0, "the provider did not answer in time");
        }
        if (cause instanceof ConnectException || cause instanceof java.net.UnknownHostException) {
            return new UpstreamFailure(
                    UpstreamFailure.Kind.CONNECTION, 0, "could not connect to the provider: " + describe(cause));
        }
        return new UpstreamFailure(
                UpstreamFailure.Kind.CONNECTION, 0, "the connection to the provider failed: " + describe(cause));
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /**
     * The provider's error answer as a failure quoting its message, without the credential we sent: a provider may
     * echo it back (redacted before the message is cut, so no part of it survives at the cut).
     */
    private UpstreamFailure errorAnswer(ClassicHttpResponse response, Optional<String> credential) {
        String body = "";
        try {
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            body = "";
        } finally {
            try {
                response.close();
            } catch (IOException ignored) {
                // The error is what matters.
            }
        }
        String message =
                UpstreamFailure.redact(wire.errorMessage(body), credential).strip();
        if (message.isEmpty()) {
            message = "HTTP " + response.getCode();
        }
        if (message.length() > MAX_ERROR_CHARS) {
            message = message.substring(0, MAX_ERROR_CHARS) + "…";
        }
        Header header = response.getFirstHeader("Retry-After");
        Optional<Duration> retryAfter = Optional.ofNullable(header)
                .flatMap(value -> seconds(value.getValue()))
                .map(Duration::ofSeconds);
        return UpstreamFailure.fromStatus(response.getCode(), message, retryAfter);
    }

    private static Optional<Long> seconds(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }

    /**
     * Ends an exchange: a finished one gives its connection back to the pool; an unfinished one is aborted, which
     * closes the connection (the provider sees the call cancelled) instead of reading the rest.
     */
    private static void closeQuietly(HttpPost post, ClassicHttpResponse response, boolean finished) {
        try {
            if (finished) {
                EntityUtils.consume(response.getEntity());
            } else {
                post.cancel();
            }
            response.close();
        } catch (IOException | UncheckedIOException ignored) {
            // Closing only releases the connection; there is nothing left to tell anyone.
        }
    }

    /**
     * An answer that broke off after it had started. A read that waited {@code response-timeout} for the next byte is
     * a timeout (408 when it is the last failure), as a provider that never answers is; anything else is a broken
     * connection (502).
     */
    static UpstreamFailure broken(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new UpstreamFailure(
                    UpstreamFailure.Kind.TIMEOUT, 0, "the provider stopped answering in the middle of its answer");
        }
        return new UpstreamFailure(
                UpstreamFailure.Kind.CONNECTION, 0, "the provider's answer broke off: " + describe(e));
    }

    /**
     * A whole answer in the protocol's shape as a chat completion. Whatever breaks the protocol (not JSON, not an
     * object, not the shape it promises) is an {@link UpstreamFailure}, never another exception.
     */
    static ChatCompletion completion(HttpProtocol wire, byte[] body) throws UpstreamFailure {
        JsonValue answer;
        try {
            answer = WireJson.parse(body);
        } catch (jakarta.json.JsonException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's answer is not JSON");
        }
        if (!(answer instanceof JsonObject object)) {
            throw new UpstreamFailure(
                    UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's answer is not a JSON object");
        }
        try {
            return wire.completion(object);
        } catch (ClassCastException | NullPointerException | ArithmeticException e) {
            throw new UpstreamFailure(
                    UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's answer has an unexpected shape");
        }
    }

    private final class WholeReply implements UpstreamReply {

        private final HttpPost post;
        private final ClassicHttpResponse response;
        private final InputStream body;
        private final Optional<String> credential;
        private boolean finished;

        WholeReply(HttpPost post, ClassicHttpResponse response, InputStream body, Optional<String> credential) {
            this.post = post;
            this.response = response;
            this.body = body;
            this.credential = credential;
        }

        @Override
        public ChatCompletion completion() throws UpstreamFailure {
            byte[] bytes;
            try {
                bytes = BodyBytes.readUpTo(body, response.getEntity().getContentLength(), MAX_ANSWER_BYTES);
            } catch (IOException e) {
                throw broken(e);
            }
            finished = bytes.length <= MAX_ANSWER_BYTES;
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new UpstreamFailure(
                        UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's answer is too large");
            }
            try {
                return HttpProviderAdapter.completion(wire, bytes);
            } catch (UpstreamFailure failure) {
                throw failure.redacting(credential);
            }
        }

        @Override
        public Optional<JsonObject> nextChunk() {
            throw new IllegalStateException("not a streaming call");
        }

        @Override
        public void close() {
            closeQuietly(post, response, finished);
        }
    }

    private static final class StreamReply implements UpstreamReply {

        private final HttpPost post;
        private final ClassicHttpResponse response;
        private final ChunkReader chunks;
        private final Optional<String> credential;
        private boolean released;

        StreamReply(
                HttpPost post,
                ClassicHttpResponse response,
                InputStream body,
                StreamTranslator translator,
                Optional<String> credential) {
            this.post = post;
            this.response = response;
            this.chunks = new ChunkReader(body, translator);
            this.credential = credential;
        }

        @Override
        public ChatCompletion completion() {
            throw new IllegalStateException("a streaming call");
        }

        @Override
        public Optional<JsonObject> nextChunk() throws UpstreamFailure {
            Optional<JsonObject> chunk;
            try {
                chunk = chunks.next();
            } catch (UpstreamFailure failure) {
                // A provider's error event mid-stream is quoted to the caller too.
                throw failure.redacting(credential);
            }
            if (chunks.ended() && !released) {
                // Complete: the connection goes back to the pool now, not when the caller has read the last chunk.
                released = true;
                closeQuietly(post, response, true);
            }
            return chunk;
        }

        @Override
        public void close() {
            closeQuietly(post, response, chunks.ended());
        }
    }
}
