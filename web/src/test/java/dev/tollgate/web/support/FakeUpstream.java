package dev.tollgate.web.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * Model providers on loopback, speaking the real wire protocols: OpenAI chat completions, Anthropic Messages and
 * Gemini generateContent, whole and as server-sent events, plus the ways providers fail (errors, rate limits, a stream
 * that breaks, stalls or never ends, an answer that never comes). A provider's base URL names its behaviour:
 * {@code http://127.0.0.1:port/<scenario>}. A scenario named {@code cmd-…} does whatever it was last
 * {@linkplain #command told} (answer, fail with 500 or 429, reset the connection, hang), so a test can take a provider
 * down and bring it back. The {@code echo…} scenarios fail quoting the credential they were sent, as a careless
 * provider's error might: with 500, with 401, or as an error event mid-stream.
 */
public final class FakeUpstream implements AutoCloseable {

    /** A request as the provider received it. */
    public record Received(String scenario, String path, Map<String, List<String>> headers, JsonObject body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> commands = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counted down when the caller of an endless stream has gone away (the gateway cancelled the call). */
    public final CountDownLatch endlessAbandoned = new CountDownLatch(1);

    private FakeUpstream(HttpServer server) {
        this.server = server;
    }

    public static FakeUpstream start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        FakeUpstream upstream = new FakeUpstream(server);
        server.createContext("/", upstream::handle);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-upstream");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return upstream;
    }

    public String url(String scenario) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + scenario;
    }

    /**
     * What a commanded scenario ({@code cmd-…}) does from now on: {@code openai} (the default), {@code fail500},
     * {@code rate429}, {@code slow}, {@code hang} or {@code reset} (the connection closes without an answer).
     */
    public void command(String scenario, String behaviour) {
        if (!scenario.startsWith("cmd-")) {
            throw new IllegalArgumentException("only cmd-… scenarios take commands");
        }
        commands.put(scenario, behaviour);
    }

    /** Requests received for a scenario, oldest first. */
    public List<Received> received(String scenario) {
        return received.stream()
                .filter(request -> request.scenario().equals(scenario))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String scenario = path.substring(1, path.indexOf('/', 1));
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonObject body = raw.isBlank()
                    ? JsonObject.EMPTY_JSON_OBJECT
                    : Json.createReader(new StringReader(raw)).readObject();
            received.add(
                    new Received(scenario, exchange.getRequestURI().toString(), exchange.getRequestHeaders(), body));
            boolean stream = body.getBoolean("stream", false) || path.contains(":streamGenerateContent");
            String behaviour = scenario.startsWith("cmd-") ? commands.getOrDefault(scenario, "openai") : scenario;
            switch (behaviour) {
                case "reset" -> {
                    // Closing the exchange before any response header makes the server drop the connection.
                }
                case "openai" -> openAi(exchange, body, stream);
                case "fail500" -> json(exchange, 500, "{\"error\":{\"message\":\"upstream exploded\"}}");
                case "rate429" -> {
                    exchange.getResponseHeaders().add("Retry-After", "7");
                    json(exchange, 429, "{\"error\":{\"message\":\"slow down\"}}");
                }
                case "badrequest" -> json(exchange, 400, "{\"error\":{\"message\":\"temperature is out of range\"}}");
                case "midstream" ->
                    events(
                            exchange,
                            0,
                            List.of(
                                    chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                                    chunk("{\"content\":\"Partial\"}", null),
                                    "{\"error\":{\"message\":\"overloaded mid-stream\",\"code\":502}}"));
                case "cut" ->
                    events(
                            exchange,
                            0,
                            List.of(
                                    chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                                    chunk("{\"content\":\"Cut\"}", null)));
                case "slow" -> {
                    pause(1000);
                    openAi(exchange, body, stream);
                }
                case "hang" -> pause(10_000);
                case "stall" -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    out.write(("data: " + chunk("{\"role\":\"assistant\",\"content\":\"Hm\"}", null) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    pause(10_000);
                }
                case "endless" -> endless(exchange);
                case "echo500" -> json(exchange, 500, echoed(exchange, "upstream exploded", 500));
                case "echo401" -> json(exchange, 401, echoed(exchange, "Incorrect API key provided", 401));
                case "echomidstream" ->
                    events(
                            exchange,
                            0,
                            List.of(
                                    chunk("{\"role\":\"assistant\",\"content\":\"Partial\"}", null),
                                    echoed(exchange, "overloaded mid-stream", 502)));
                case "anthropic" -> anthropic(exchange, stream);
                case "gemini" -> gemini(exchange, stream);
                default -> json(exchange, 404, "{\"error\":{\"message\":\"no such scenario\"}}");
            }
        }
    }

    private static void openAi(HttpExchange exchange, JsonObject request, boolean stream) throws IOException {
        boolean tools = request.containsKey("tools");
        boolean schema = request.containsKey("response_format");
        String content = schema ? "{\"city\":\"Paris\",\"temperature_c\":21}" : "Hello from upstream";
        String usage = "{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}";
        if (!stream) {
            String message = tools
                    ? "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                            + "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                            + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}"
                    : "{\"role\":\"assistant\",\"content\":" + quote(content) + "}";
            json(
                    exchange,
                    200,
                    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\""
                            + request.getString("model")
                            + "\",\"system_fingerprint\":\"fp_fake\",\"choices\":[{\"index\":0,"
                            + "\"message\":" + message + ",\"finish_reason\":\"" + (tools ? "tool_calls" : "stop")
                            + "\"}],"
                            + "\"usage\":" + usage + "}");
            return;
        }
        List<String> events;
        if (tools) {
            // Two calls whose deltas interleave: clients rebuild each from its index.
            events = List.of(
                    chunk("{\"role\":\"assistant\",\"content\":null}", null),
                    chunk(
                            toolDelta(
                                    0,
                                    "\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                                            + "\"arguments\":\"\"}"),
                            null),
                    chunk(
                            toolDelta(
                                    1,
                                    "\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\","
                                            + "\"arguments\":\"\"}"),
                            null),
                    chunk(toolDelta(0, "\"function\":{\"arguments\":\"{\\\"city\\\":\"}"), null),
                    chunk(toolDelta(1, "\"function\":{\"arguments\":\"{\\\"zone\\\":\"}"), null),
                    chunk(toolDelta(0, "\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}"), null),
                    chunk(toolDelta(1, "\"function\":{\"arguments\":\"\\\"CET\\\"}\"}"), null),
                    chunk("{}", "tool_calls"),
                    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":" + usage
                            + "}",
                    "[DONE]");
        } else {
            events = List.of(
                    chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                    chunk("{\"content\":\"Hello\"}", null),
                    chunk("{\"content\":\" from\"}", null),
                    chunk("{\"content\":\" upstream\"}", null),
                    chunk("{}", "stop"),
                    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":" + usage
                            + "}",
                    "[DONE]");
        }
        events(exchange, 0, events);
    }

    private static String toolDelta(int index, String fields) {
        return "{\"tool_calls\":[{\"index\":" + index + "," + fields + "}]}";
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"upstream\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private void endless(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            for (int i = 0; i < 200; i++) {
                out.write(("data: " + chunk("{\"content\":\"tick " + i + " \"}", null) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                pause(100);
            }
        } catch (IOException callerGone) {
            endlessAbandoned.countDown();
        }
    }

    private static void anthropic(HttpExchange exchange, boolean stream) throws IOException {
        if (!stream) {
            json(
                    exchange,
                    200,
                    "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\","
                            + "\"content\":[{\"type\":\"text\",\"text\":\"Hello from Claude\"}],\"stop_reason\":\"end_turn\","
                            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":4}}");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        String events = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude\",\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: ping\ndata: {\"type\":\"ping\"}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello from\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\" Claude\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":4}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        OutputStream out = exchange.getResponseBody();
        out.write(events.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void gemini(HttpExchange exchange, boolean stream) throws IOException {
        String usage = "\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":4,\"totalTokenCount\":13}";
        if (!stream) {
            json(
                    exchange,
                    200,
                    "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
                            + "\"Hello from Gemini\"}]},\"finishReason\":\"STOP\",\"index\":0}]," + usage + "}");
            return;
        }
        events(
                exchange,
                0,
                List.of(
                        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello from\"}]},\"index\":0}]}",
                        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\" Gemini\"}]},"
                                + "\"finishReason\":\"STOP\",\"index\":0}]," + usage + "}"));
    }

    /**
     * An error whose message quotes the credential headers the provider was sent, raw, in Base64 and URL-encoded, as
     * a careless provider (or a proxy in front of one) might.
     */
    private static String echoed(HttpExchange exchange, String what, int code) {
        var headers = exchange.getRequestHeaders();
        String authorization = String.valueOf(headers.getFirst("Authorization"));
        String credential = java.util.stream.Stream.of(
                        headers.getFirst("x-api-key"),
                        headers.getFirst("x-goog-api-key"),
                        authorization.replaceFirst("^Bearer ", ""))
                .filter(value -> value != null && !value.equals("null"))
                .findFirst()
                .orElse("");
        String message = what + "; you sent Authorization: " + authorization + ", x-api-key: "
                + headers.getFirst("x-api-key") + ", x-goog-api-key: " + headers.getFirst("x-goog-api-key")
                + ", in Base64 "
                + java.util.Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8))
                + ", URL-encoded " + java.net.URLEncoder.encode(credential, StandardCharsets.UTF_8);
        return "{\"error\":{\"message\":" + quote(message) + ",\"code\":" + code + "}}";
    }

    private static void events(HttpExchange exchange, long pauseMillis, List<String> events) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String event : events) {
            out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            pause(pauseMillis);
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
