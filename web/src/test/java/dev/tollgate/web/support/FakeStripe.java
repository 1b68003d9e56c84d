package dev.tollgate.web.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.web.support.OperatorClient.Answer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's HTTP API on loopback, as far as Tollgate uses it: {@code POST /v1/checkout/sessions} (form-encoded, as
 * stripe-java sends it) answers a session as Stripe does and remembers the request; {@code GET
 * /v1/checkout/sessions/{id}} reads it back. It also makes the webhook events Stripe would send about those sessions
 * and signs them as Stripe signs: {@code t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">} with the endpoint's secret.
 * One per test JVM, started with the shared database and handed to Tollgate as {@code STRIPE_API_BASE}.
 */
public final class FakeStripe {

    public static final String SECRET_KEY =
            "sk_test_it_" + UUID.randomUUID().toString().replace("-", "");
    public static final String WEBHOOK_SECRET =
            "whsec_it_" + UUID.randomUUID().toString().replace("-", "");

    /** An API version other than stripe-java's: Tollgate must read such events too. */
    private static final String EVENT_API_VERSION = "2024-06-20";

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static volatile FakeStripe shared;

    /** A session as created: the form fields Tollgate sent (decoded names such as {@code line_items[0][quantity]}). */
    public record CreatedSession(String id, Map<String, String> form, long amountTotal, String paymentIntent) {}

    private final HttpServer server;
    private final Map<String, CreatedSession> sessions = new ConcurrentHashMap<>();
    private final List<String> unauthorized = new CopyOnWriteArrayList<>();

    private FakeStripe(HttpServer server) {
        this.server = server;
    }

    /** The one fake of this JVM, started on first use. */
    public static synchronized FakeStripe shared() {
        if (shared == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
                FakeStripe stripe = new FakeStripe(server);
                server.createContext("/v1/checkout/sessions", stripe::sessions);
                server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                    Thread thread = new Thread(runnable, "fake-stripe");
                    thread.setDaemon(true);
                    return thread;
                }));
                server.start();
                shared = stripe;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the fake Stripe", e);
            }
        }
        return shared;
    }

    public String apiBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public CreatedSession session(String id) {
        CreatedSession session = sessions.get(id);
        if (session == null) {
            throw new AssertionError("the fake Stripe made no session " + id);
        }
        return session;
    }

    /** Requests that came without the configured secret key. */
    public List<String> unauthorized() {
        return List.copyOf(unauthorized);
    }

    /** {@code checkout.session.completed} for a card payment: paid at once. */
    public String completed(String sessionId) {
        return event("checkout.session.completed", sessionObject(session(sessionId), "paid", "complete"));
    }

    /** {@code charge.refunded}: {@code amountRefundedCents} is what all the charge's refunds returned so far. */
    public String refunded(String sessionId, long amountRefundedCents) {
        CreatedSession session = session(sessionId);
        return event(
                "charge.refunded",
                Json.createObjectBuilder()
                        .add("id", "ch_" + session.paymentIntent().substring(3))
                        .add("object", "charge")
                        .add("amount", session.amountTotal())
                        .add("amount_captured", session.amountTotal())
                        .add("amount_refunded", amountRefundedCents)
                        .add("currency", "usd")
                        .add("paid", true)
                        .add("captured", true)
                        .add("refunded", amountRefundedCents == session.amountTotal())
                        .add("payment_intent", session.paymentIntent())
                        .add("status", "succeeded")
                        .build());
    }

    /** The {@code Stripe-Signature} header Stripe would send with {@code payload} at {@code at}. */
    public static String signature(String payload, Instant at, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((at.getEpochSecond() + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + at.getEpochSecond() + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers an event to a webhook as Stripe does, signed now with the endpoint's secret. */
    public static Answer deliver(URI webhook, String payload) throws IOException, InterruptedException {
        return deliver(webhook, payload, signature(payload, Instant.now(), WEBHOOK_SECRET));
    }

    /** Delivers an event with the signature header given (none when null). */
    public static Answer deliver(URI webhook, String payload, String signature)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String raw = response.body();
        return new Answer(
                response.statusCode(),
                raw.isBlank()
                        ? JsonObject.EMPTY_JSON_OBJECT
                        : Json.createReader(new StringReader(raw)).readObject(),
                raw);
    }

    private String event(String type, JsonObject object) {
        return Json.createObjectBuilder()
                .add("id", "evt_" + UUID.randomUUID().toString().replace("-", ""))
                .add("object", "event")
                .add("api_version", EVENT_API_VERSION)
                .add("created", Instant.now().getEpochSecond())
                .add("data", Json.createObjectBuilder().add("object", object))
                .add("livemode", false)
                .add("pending_webhooks", 1)
                .add("request", Json.createObjectBuilder().addNull("id").addNull("idempotency_key"))
                .add("type", type)
                .build()
                .toString();
    }

    private JsonObject sessionObject(CreatedSession session, String paymentStatus, String status) {
        Map<String, String> form = session.form();
        JsonObjectBuilder metadata = Json.createObjectBuilder();
        form.forEach((name, value) -> {
            if (name.startsWith("metadata[")) {
                metadata.add(name.substring("metadata[".length(), name.length() - 1), value);
            }
        });
        JsonObjectBuilder object = Json.createObjectBuilder()
                .add("id", session.id())
                .add("object", "checkout.session")
                .add("mode", form.getOrDefault("mode", "payment"))
                .add("currency", form.getOrDefault("currency", "usd"))
                .add("amount_subtotal", session.amountTotal())
                .add("amount_total", session.amountTotal())
                .add("client_reference_id", form.getOrDefault("client_reference_id", ""))
                .add("metadata", metadata)
                .add("payment_status", paymentStatus)
                .add("status", status)
                .add("success_url", form.getOrDefault("success_url", ""))
                .add("cancel_url", form.getOrDefault("cancel_url", ""))
                .add("url", "https://checkout.stripe.test/c/pay/" + session.id())
                .add("livemode", false);
        if ("paid".equals(paymentStatus)) {
            object.add("payment_intent", session.paymentIntent());
        } else {
            object.addNull("payment_intent");
        }
        return object.build();
    }

    private void sessions(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + SECRET_KEY).equals(authorization)) {
                unauthorized.add(exchange.getRequestURI().toString());
                respond(
                        exchange,
                        401,
                        "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key provided\"}}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v1/checkout/sessions")) {
                Map<String, String> form =
                        form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String id = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
                CreatedSession session = new CreatedSession(
                        id,
                        form,
                        amountTotal(form),
                        "pi_" + UUID.randomUUID().toString().replace("-", ""));
                sessions.put(id, session);
                respond(exchange, 200, sessionObject(session, "unpaid", "open").toString());
                return;
            }
            CreatedSession known = sessions.get(path.substring(path.lastIndexOf('/') + 1));
            if ("GET".equals(exchange.getRequestMethod()) && known != null) {
                respond(exchange, 200, sessionObject(known, "unpaid", "open").toString());
                return;
            }
            respond(
                    exchange,
                    404,
                    "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"No such checkout.session\"}}");
        }
    }

    /** Stripe's total: each line's unit amount times its quantity. */
    private static long amountTotal(Map<String, String> form) {
        long total = 0;
        for (int line = 0; form.containsKey("line_items[" + line + "][quantity]"); line++) {
            total += Long.parseLong(form.get("line_items[" + line + "][price_data][unit_amount]"))
                    * Long.parseLong(form.get("line_items[" + line + "][quantity]"));
        }
        return total;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            fields.put(
                    URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders()
                .add("Request-Id", "req_" + UUID.randomUUID().toString().replace("-", ""));
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
