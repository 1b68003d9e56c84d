package dev.tollgate.routing.adapter;

import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An adapter for a provider reached over HTTP: the transport (one shared {@link HttpClient}, timeouts, error
 * classification, reading server-sent events) is here; what the protocol looks like is its {@link HttpProtocol}.
 */
public final class HttpProviderAdapter implements ProviderAdapter {

    private static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;
    private static final int MAX_ERROR_CHARS = 2000;

    private final Protocol protocol;
    private final HttpProtocol wire;
    private final HttpClient client;
    private final Duration responseTimeout;

    /**
     * @param responseTimeout how long to wait for the provider's status line before trying the next endpoint
     */
    public HttpProviderAdapter(Protocol protocol, HttpProtocol wire, HttpClient client, Duration responseTimeout) {
        this.protocol = protocol;
        this.wire = wire;
        this.client = client;
        this.responseTimeout = responseTimeout;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public CompletableFuture<UpstreamReply> start(RoutableEndpoint endpoint, ChatCall call) {
        HttpRequest request;
        try {
            request = wire.request(endpoint, call).timeout(responseTimeout).build();
        } catch (RuntimeException unmappable) {
            return CompletableFuture.failedFuture(
                    new UpstreamFailure(UpstreamFailure.Kind.BAD_REQUEST, 0, unmappable.getMessage()));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .handle((response, thrown) -> {
                    if (thrown != null) {
                        throw new CompletionException(transportFailure(thrown));
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw new CompletionException(errorAnswer(response));
                    }
                    return call.stream()
                            ? new StreamReply(response.body(), wire.streamTranslator())
                            : new WholeReply(response.body());
                });
    }

    private static UpstreamFailure transportFailure(Throwable thrown) {
        Throwable cause =
                thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return new UpstreamFailure(
                    UpstreamFailure.Kind.CONNECTION, 0, "could not connect to the provider: " + describe(cause));
        }
        if (cause instanceof HttpTimeoutException) {
            return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, 0, "the provider did not answer in time");
        }
        return new UpstreamFailure(
                UpstreamFailure.Kind.CONNECTION, 0, "the connection to the provider failed: " + describe(cause));
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private UpstreamFailure errorAnswer(HttpResponse<InputStream> response) {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "";
        }
        String message = wire.errorMessage(body).strip();
        if (message.isEmpty()) {
            message = "HTTP " + response.statusCode();
        }
        if (message.length() > MAX_ERROR_CHARS) {
            message = message.substring(0, MAX_ERROR_CHARS) + "…";
        }
        Optional<Duration> retryAfter = response.headers()
                .firstValue("retry-after")
                .flatMap(HttpProviderAdapter::seconds)
                .map(Duration::ofSeconds);
        return UpstreamFailure.fromStatus(response.statusCode(), message, retryAfter);
    }

    private static Optional<Long> seconds(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }

    private static UpstreamFailure broken(IOException e) {
        return new UpstreamFailure(
                UpstreamFailure.Kind.CONNECTION, 0, "the provider's answer broke off: " + describe(e));
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException | UncheckedIOException ignored) {
            // Closing only releases the connection; there is nothing left to tell anyone.
        }
    }

    private final class WholeReply implements UpstreamReply {

        private final InputStream body;

        WholeReply(InputStream body) {
            this.body = body;
        }

        @Override
        public ChatCompletion completion() throws UpstreamFailure {
            byte[] bytes;
            try (InputStream in = body) {
                bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            } catch (IOException e) {
                throw broken(e);
            }
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new UpstreamFailure(
                        UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's answer is too large");
            }
            JsonValue answer;
            try {
                answer = WireJson.parse(new java.io.ByteArrayInputStream(bytes));
            } catch (jakarta.json.JsonException e) {
                throw new UpstreamFailure(
                        UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's answer is not JSON");
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

        @Override
        public Optional<JsonObject> nextChunk() {
            throw new IllegalStateException("not a streaming call");
        }

        @Override
        public void close() {
            closeQuietly(body);
        }
    }

    private static final class StreamReply implements UpstreamReply {

        private final InputStream body;
        private final SseReader events;
        private final StreamTranslator translator;
        private final Deque<JsonObject> pending = new ArrayDeque<>();
        private boolean ended;

        StreamReply(InputStream body, StreamTranslator translator) {
            this.body = body;
            this.events = new SseReader(body);
            this.translator = translator;
        }

        @Override
        public ChatCompletion completion() {
            throw new IllegalStateException("a streaming call");
        }

        @Override
        public Optional<JsonObject> nextChunk() throws UpstreamFailure {
            while (pending.isEmpty() && !ended) {
                Optional<SseEvent> event;
                try {
                    event = events.next();
                } catch (IOException e) {
                    throw broken(e);
                }
                try {
                    if (event.isEmpty()) {
                        ended = true;
                        pending.addAll(translator.onEnd());
                    } else {
                        pending.addAll(translator.onEvent(event.get()));
                        if (translator.finished()) {
                            ended = true;
                            closeQuietly(body);
                        }
                    }
                } catch (jakarta.json.JsonException | ClassCastException e) {
                    throw new UpstreamFailure(
                            UpstreamFailure.Kind.INVALID_RESPONSE,
                            200,
                            "the provider sent an event that is not valid JSON");
                }
            }
            return Optional.ofNullable(pending.poll());
        }

        @Override
        public void close() {
            closeQuietly(body);
        }
    }
}
