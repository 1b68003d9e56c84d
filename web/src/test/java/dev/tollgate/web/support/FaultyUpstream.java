package dev.tollgate.web.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenAI-speaking providers on loopback that fail the way networks and servers do, written on raw sockets because
 * {@link FakeUpstream}'s HTTP server can neither drop a connection with a reset nor notice, while it says nothing, that
 * the gateway has hung up. Each scenario listens on a port of its own, so the gateway's connection pool (one per host
 * and port) keeps each scenario's connections apart and this class can count them:
 *
 * <ul>
 *   <li>{@link #open}: connections neither side has closed; a connection the gateway keeps in its pool between calls
 *       stays open, one it leaked stays open too and is never used again;
 *   <li>{@link #inFlight}: exchanges not over: a request being answered, or a faulty answer (a stall, a hang, a stream
 *       broken off) still waiting for the gateway to hang up. A faulty answer waits at most {@link #GIVE_UP_MILLIS}.
 * </ul>
 *
 * <p>Scenarios: {@code ok} (a whole answer or a stream, with usage 12 + 3 tokens); {@code reset-at-once} (the
 * connection reset before any byte); {@code reset-midway} (headers and part of the answer, then a reset); {@code
 * slow-first-byte} ({@link #SLOW_MILLIS} of nothing, then the answer); {@code stall} (headers and part of the answer,
 * then silence until the gateway hangs up); {@code stall-comments} (a first chunk, then only SSE comments); {@code
 * hang} (no byte at all); {@code json-truncated}, {@code json-not-json}, {@code json-no-choices}, {@code json-error}
 * (a 200 that is not a completion: cut JSON, an HTML page, an object without choices, an error object); {@code
 * sse-garbage} (stray lines that are no SSE field between good events: the answer is whole); {@code sse-truncated-first}
 * and {@code sse-not-object} (the first event is cut JSON, or JSON but not an object); {@code sse-truncated-midway}
 * (good chunks, then a cut one); {@code rate429} (429 with {@code Retry-After: 7}); {@code fail500}, {@code fail503}.
 * A name with a dot behaves as what is before it, on a port of its own: {@code ok.storm} is another {@code ok}.
 */
public final class FaultyUpstream implements AutoCloseable {

    /** How long a faulty answer waits for the gateway to hang up before it gives up (and counts as never released). */
    public static final long GIVE_UP_MILLIS = 30_000;

    /** How long {@code slow-first-byte} says nothing; below the test deployment's response timeout (3 s). */
    public static final long SLOW_MILLIS = 1_200;

    private static final String USAGE = "{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}";

    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "faulty-upstream");
        thread.setDaemon(true);
        return thread;
    });

    private final class Listener {
        final String behaviour;
        final ServerSocket socket;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger givenUp = new AtomicInteger();

        Listener(String scenario) throws IOException {
            // "ok.storm" behaves as "ok" on a port of its own.
            this.behaviour = scenario.contains(".") ? scenario.substring(0, scenario.indexOf('.')) : scenario;
            this.socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            threads.execute(this::accept);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    accepted.incrementAndGet();
                    open.incrementAndGet();
                    threads.execute(() -> serve(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                while (true) {
                    JsonObject body = readRequest(in);
                    if (body == null) {
                        return; // the gateway closed a connection it kept between calls
                    }
                    requests.incrementAndGet();
                    inFlight.incrementAndGet();
                    boolean reusable;
                    try {
                        reusable = answer(connection, body.getBoolean("stream", false));
                    } finally {
                        inFlight.decrementAndGet();
                    }
                    if (!reusable) {
                        return;
                    }
                }
            } catch (IOException gone) {
                // The gateway hung up or the connection was reset: either way it is over.
            } finally {
                open.decrementAndGet();
            }
        }

        /** Answers one request; false when the connection cannot carry another. */
        private boolean answer(Socket connection, boolean stream) throws IOException {
            OutputStream out = connection.getOutputStream();
            switch (behaviour) {
                case "ok" -> ok(out, stream);
                case "reset-at-once" -> {
                    reset(connection);
                    return false;
                }
                case "reset-midway" -> {
                    if (stream) {
                        streamHead(out);
                        chunked(out, event(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)));
                        chunked(out, event(chunk("{\"content\":\"Half\"}", null)));
                    } else {
                        String whole = completion();
                        out.write(head(200, "application/json", "Content-Length: " + whole.length()));
                        out.write(whole.substring(0, whole.length() / 2).getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                    // Time for the gateway to read what was sent (and, streamed, pass it on) before the reset.
                    pause(300);
                    reset(connection);
                    return false;
                }
                case "slow-first-byte" -> {
                    pause(SLOW_MILLIS);
                    ok(out, stream);
                }
                case "stall" -> {
                    if (stream) {
                        streamHead(out);
                        chunked(out, event(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)));
                        chunked(out, event(chunk("{\"content\":\"Hm\"}", null)));
                    } else {
                        String whole = completion();
                        out.write(head(200, "application/json", "Content-Length: " + whole.length()));
                        out.write(whole.substring(0, 20).getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                    awaitHangUp(connection, 0);
                    return false;
                }
                case "stall-comments" -> {
                    streamHead(out);
                    chunked(out, event(chunk("{\"role\":\"assistant\",\"content\":\"Hm\"}", null)));
                    awaitHangUp(connection, 300);
                    return false;
                }
                case "hang" -> {
                    awaitHangUp(connection, 0);
                    return false;
                }
                case "json-truncated" -> whole(out, 200, completion().substring(0, 60));
                case "json-not-json" -> whole(out, 200, "<html><body>502 Bad Gateway</body></html>");
                case "json-no-choices" -> whole(out, 200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}");
                case "json-error" ->
                    whole(out, 200, "{\"error\":{\"message\":\"the model is overloaded\",\"code\":503}}");
                case "sse-garbage" -> {
                    streamHead(out);
                    chunked(out, "this line is no field at all\n\n");
                    chunked(out, event(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)));
                    chunked(out, "event: surprise\nid: 7\nretry: soon\n: a comment\n\n");
                    chunked(out, event(chunk("{\"content\":\"Hello\"}", null)));
                    chunked(out, "\u00ff\u00fe garbage \u0000 bytes\n\n");
                    chunked(out, event(chunk("{\"content\":\" there\"}", null)));
                    chunked(out, event(chunk("{}", "stop")));
                    chunked(out, event(usageChunk()));
                    chunked(out, event("[DONE]"));
                    endChunks(out);
                }
                case "sse-truncated-first" -> {
                    streamHead(out);
                    chunked(
                            out,
                            event(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
                                    .substring(0, 50)));
                    chunked(out, event("[DONE]"));
                    endChunks(out);
                }
                case "sse-not-object" -> {
                    streamHead(out);
                    chunked(out, event("[\"not\",\"an\",\"object\"]"));
                    chunked(out, event("[DONE]"));
                    endChunks(out);
                }
                case "sse-truncated-midway" -> {
                    streamHead(out);
                    chunked(out, event(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)));
                    chunked(out, event(chunk("{\"content\":\"Hello\"}", null)));
                    chunked(out, event(chunk("{\"content\":\" there\"}", null).substring(0, 40)));
                    out.flush();
                    // The rest never comes: the gateway must stop reading and hang up, not wait for it.
                    awaitHangUp(connection, 0);
                    return false;
                }
                case "rate429" -> whole(out, 429, "{\"error\":{\"message\":\"slow down\"}}", "Retry-After: 7");
                case "fail500" -> whole(out, 500, "{\"error\":{\"message\":\"upstream exploded\"}}");
                case "fail503" -> whole(out, 503, "{\"error\":{\"message\":\"no capacity\"}}");
                default -> whole(out, 404, "{\"error\":{\"message\":\"no such scenario\"}}");
            }
            out.flush();
            return true;
        }

        /** Waits until the gateway hangs up (sending a comment every {@code commentMillis}, when above 0). */
        private void awaitHangUp(Socket connection, long commentMillis) throws IOException {
            long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
            connection.setSoTimeout(commentMillis > 0 ? (int) commentMillis : 200);
            InputStream in = connection.getInputStream();
            while (System.currentTimeMillis() < deadline) {
                try {
                    if (in.read() < 0) {
                        return;
                    }
                } catch (SocketTimeoutException quiet) {
                    if (commentMillis > 0) {
                        chunked(connection.getOutputStream(), ": still thinking\n\n");
                        connection.getOutputStream().flush();
                    }
                } catch (SocketException reset) {
                    return;
                }
            }
            givenUp.incrementAndGet();
        }
    }

    /** Starts nothing yet: each scenario's port opens when its URL is first asked for. */
    public static FaultyUpstream start() {
        return new FaultyUpstream();
    }

    /** The base URL of a provider that behaves as {@code scenario}. */
    public String url(String scenario) {
        return "http://127.0.0.1:" + listener(scenario).socket.getLocalPort() + "/" + scenario;
    }

    /**
     * The base URL of a provider nobody listens for: a port below the ephemeral range, bound and let go, so that no
     * outgoing connection of this machine holds it either (see {@link TollgateProcess#freePort}).
     */
    public static String refusedUrl() throws IOException {
        return "http://127.0.0.1:" + TollgateProcess.freePort() + "/refused";
    }

    /** Connections to the scenario that neither side has closed. */
    public int open(String scenario) {
        return listener(scenario).open.get();
    }

    /** Connections the gateway has made to the scenario. */
    public int accepted(String scenario) {
        return listener(scenario).accepted.get();
    }

    /** Exchanges not over: being answered, or a faulty answer waiting for the gateway to hang up. */
    public int inFlight(String scenario) {
        return listener(scenario).inFlight.get();
    }

    /** Requests the scenario received. */
    public int requests(String scenario) {
        return listener(scenario).requests.get();
    }

    /** Faulty answers the gateway never hung up on within {@link #GIVE_UP_MILLIS}. */
    public int givenUp(String scenario) {
        return listener(scenario).givenUp.get();
    }

    /** A line for assertion messages: every count of the scenario. */
    public String counts(String scenario) {
        Listener listener = listener(scenario);
        return String.format(
                Locale.ROOT,
                "%s: %d requests, %d connections made, %d open, %d exchanges in flight, %d never hung up on",
                scenario,
                listener.requests.get(),
                listener.accepted.get(),
                listener.open.get(),
                listener.inFlight.get(),
                listener.givenUp.get());
    }

    private Listener listener(String scenario) {
        return listeners.computeIfAbsent(scenario, name -> {
            try {
                return new Listener(name);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen for " + name, e);
            }
        });
    }

    @Override
    public void close() {
        for (Listener listener : listeners.values()) {
            try {
                listener.socket.close();
            } catch (IOException ignored) {
                // Closing only.
            }
        }
        threads.shutdownNow();
    }

    /** The request's JSON body, or null when the connection ended before a request. */
    private static JsonObject readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : headers.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).strip());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return body.isBlank()
                ? JsonObject.EMPTY_JSON_OBJECT
                : Json.createReader(new StringReader(body)).readObject();
    }

    private static void ok(OutputStream out, boolean stream) throws IOException {
        if (!stream) {
            whole(out, 200, completion());
            return;
        }
        streamHead(out);
        for (String event : List.of(
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"content\":\"Hello\"}", null),
                chunk("{\"content\":\" there\"}", null),
                chunk("{}", "stop"),
                usageChunk(),
                "[DONE]")) {
            chunked(out, event(event));
        }
        endChunks(out);
    }

    private static String completion() {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"upstream\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":" + USAGE + "}";
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"upstream\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static String usageChunk() {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":" + USAGE + "}";
    }

    private static String event(String data) {
        return "data: " + data + "\n\n";
    }

    private static byte[] head(int status, String contentType, String... more) {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\n");
        for (String header : more) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void whole(OutputStream out, int status, String body, String... more) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String[] headers = java.util.Arrays.copyOf(more, more.length + 1);
        headers[more.length] = "Content-Length: " + bytes.length;
        out.write(head(status, "application/json", headers));
        out.write(bytes);
    }

    private static void streamHead(OutputStream out) throws IOException {
        out.write(head(200, "text/event-stream", "Transfer-Encoding: chunked"));
    }

    /** One piece of a chunked body, flushed at once: a stream, not a buffer. */
    private static void chunked(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void endChunks(OutputStream out) throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Drops the connection with a TCP reset (linger 0), as a crashed server or a middlebox does. */
    private static void reset(Socket connection) throws IOException {
        connection.setSoLinger(true, 0);
        connection.close();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
