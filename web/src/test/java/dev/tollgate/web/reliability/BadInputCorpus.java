package dev.tollgate.web.reliability;

import static dev.tollgate.web.reliability.BadRequest.Caller.INFERENCE;
import static dev.tollgate.web.reliability.BadRequest.Caller.MANAGEMENT;
import static dev.tollgate.web.reliability.BadRequest.Caller.NONE;
import static dev.tollgate.web.reliability.BadRequest.Caller.OPERATOR;
import static dev.tollgate.web.reliability.BadRequest.get;
import static dev.tollgate.web.reliability.BadRequest.post;
import static dev.tollgate.web.reliability.BadRequest.send;
import static dev.tollgate.web.reliability.BadRequest.utf8;

import dev.tollgate.web.support.FakeStripe;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The table of hostile requests, one line a case, grouped by endpoint: malformed, truncated and non-object JSON, wrong
 * types for every field that matters, nesting 100,000 levels deep, bodies over the limit (with and without a length),
 * NUL bytes, lone surrogates and overlong UTF-8, wrong content types, missing and forged credentials, path traversal
 * and SQL in path and query parameters, unknown ids, huge query strings and methods an endpoint does not allow. Every
 * case must come back as a 4xx in OpenRouter's envelope. Nothing here may succeed: the operator cases only ever send
 * what must be refused, so a wrongly accepted one would show as a failure before it could change a shared setting.
 *
 * @param model a model of the shared marketplace that answers, so that a body refused is refused for itself
 * @param org the test's own organisation, whose management and inference keys the cases use
 * @param keyHash the hash of one of its inference keys
 * @param bodyLimit the deployment's {@code tollgate.api.max-body-bytes}
 */
record BadInputCorpus(String model, String org, String keyHash, int bodyLimit) {

    static final String CHAT = "/api/v1/chat/completions";
    static final String COMPLETIONS = "/api/v1/completions";
    static final String KEYS = "/api/v1/keys";
    static final String CHECKOUT = "/api/v1/credits/checkout";
    static final String WEBHOOK = "/api/stripe/webhook";
    static final String ADMIN = "/api/admin/v1";

    private static final String UNKNOWN_HASH = "0".repeat(64);
    private static final String TRAVERSAL = "..%2F..%2F..%2Fetc%2Fpasswd";
    private static final String SQL = "x%27%20OR%20%271%27%3D%271";

    List<BadRequest> cases() {
        List<BadRequest> all = new ArrayList<>();
        all.addAll(chat());
        all.addAll(legacyCompletions());
        all.addAll(inferenceCallers());
        all.addAll(keys());
        all.addAll(accountReads());
        all.addAll(publicReads());
        all.addAll(operatorOrganisations());
        all.addAll(operatorCatalog());
        all.addAll(operatorReports());
        all.addAll(webhook());
        return all;
    }

    private List<BadRequest> chat() {
        return List.of(
                post(CHAT, INFERENCE, "{", 400),
                post(
                                CHAT,
                                INFERENCE,
                                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi",
                                400)
                        .as("truncated JSON"),
                post(CHAT, INFERENCE, "", 400),
                post(CHAT, INFERENCE, "[]", 400),
                post(CHAT, INFERENCE, "\"a string\"", 400),
                post(CHAT, INFERENCE, "42", 400),
                post(CHAT, INFERENCE, "null", 400),
                post(CHAT, INFERENCE, "{}", 400),
                post(CHAT, INFERENCE, "{\"model\":\"a\"} trailing", 400),
                post(CHAT, INFERENCE, "{\"model\":\"a\",\"model\":\"b\",}", 400),
                post(CHAT, INFERENCE, chatWith("model", "42"), 400),
                post(CHAT, INFERENCE, chatWith("model", "\"\""), 400),
                post(CHAT, INFERENCE, chatWith("model", "[\"" + model + "\"]"), 400),
                post(CHAT, INFERENCE, chatWith("model", "{\"id\":\"" + model + "\"}"), 400),
                post(CHAT, INFERENCE, chatWith("model", null), 400),
                post(CHAT, INFERENCE, chatWith("model", "\"nobody/nothing\""), 400),
                post(CHAT, INFERENCE, chatWith("model", "\"../../../etc/passwd\""), 400),
                post(CHAT, INFERENCE, chatWith("model", "\"x' OR '1'='1'; DROP TABLE organization; --\""), 400),
                post(CHAT, INFERENCE, chatWith("model", "\"" + "m".repeat(100_000) + "\""), 400)
                        .as("a model id of 100,000 characters"),
                post(CHAT, INFERENCE, chatWith("model", "\"" + model + "\\u0000\""), 400),
                post(CHAT, INFERENCE, chatWith("models", "\"" + model + "\""), 400),
                post(CHAT, INFERENCE, chatWith("models", "[1,2]"), 400),
                post(CHAT, INFERENCE, chatWith("models", list("\"" + model + "\"", 11)), 400),
                post(CHAT, INFERENCE, chatWith("messages", "\"hi\""), 400),
                post(CHAT, INFERENCE, chatWith("messages", "[]"), 400),
                post(CHAT, INFERENCE, chatWith("messages", "[1]"), 400),
                post(CHAT, INFERENCE, chatWith("messages", "{\"role\":\"user\",\"content\":\"hi\"}"), 400),
                post(CHAT, INFERENCE, chatWith("messages", "[{\"content\":\"hi\"}]"), 400),
                post(CHAT, INFERENCE, chatWith("messages", "[{\"role\":\"root\",\"content\":\"hi\"}]"), 400),
                post(CHAT, INFERENCE, chatWith("messages", "[{\"role\":7,\"content\":\"hi\"}]"), 400),
                post(CHAT, INFERENCE, chatWith("messages", "[{\"role\":\"user\",\"content\":42}]"), 400),
                post(CHAT, INFERENCE, chatWith("messages", "[{\"role\":\"user\"}]"), 400),
                post(
                        CHAT,
                        INFERENCE,
                        chatWith("messages", "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]"),
                        400),
                post(CHAT, INFERENCE, chatWith("messages", "[{\"role\":\"user\",\"content\":[\"hi\"]}]"), 400),
                post(CHAT, INFERENCE, chatWith("messages", image("file:///etc/passwd")), 400),
                post(CHAT, INFERENCE, chatWith("messages", image("javascript:alert(1)")), 400),
                post(CHAT, INFERENCE, chatWith("messages", "[{\"role\":\"tool\",\"content\":\"42\"}]"), 400),
                post(
                        CHAT,
                        INFERENCE,
                        chatWith("messages", "[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":\"x\"}]"),
                        400),
                post(CHAT, INFERENCE, chatWith("max_tokens", "-1"), 400),
                post(CHAT, INFERENCE, chatWith("max_tokens", "0"), 400),
                post(CHAT, INFERENCE, chatWith("max_tokens", "1.5"), 400),
                post(CHAT, INFERENCE, chatWith("max_tokens", "\"100\""), 400),
                post(CHAT, INFERENCE, chatWith("max_tokens", "1e400"), 400),
                post(CHAT, INFERENCE, chatWith("max_tokens", "99999999999999999999"), 400),
                post(CHAT, INFERENCE, chatWith("max_completion_tokens", "-5"), 400),
                post(CHAT, INFERENCE, chatWith("temperature", "\"hot\""), 400),
                post(CHAT, INFERENCE, chatWith("temperature", "5"), 400),
                post(CHAT, INFERENCE, chatWith("temperature", "-1"), 400),
                post(CHAT, INFERENCE, chatWith("top_p", "1.5"), 400),
                post(CHAT, INFERENCE, chatWith("frequency_penalty", "1e308"), 400),
                post(CHAT, INFERENCE, chatWith("stream", "\"yes\""), 400),
                post(CHAT, INFERENCE, chatWith("stream", "1"), 400),
                post(CHAT, INFERENCE, chatWith("stop", "5"), 400),
                post(CHAT, INFERENCE, chatWith("seed", "1.5"), 400),
                post(CHAT, INFERENCE, chatWith("user", "{}"), 400),
                post(CHAT, INFERENCE, chatWith("logit_bias", "[]"), 400),
                post(CHAT, INFERENCE, chatWith("tools", "\"search\""), 400),
                post(CHAT, INFERENCE, chatWith("tools", "[{\"type\":\"function\"}]"), 400),
                post(CHAT, INFERENCE, chatWith("tool_choice", "5"), 400),
                post(CHAT, INFERENCE, chatWith("response_format", "\"json\""), 400),
                post(CHAT, INFERENCE, chatWith("response_format", "{\"type\":\"xml\"}"), 400),
                post(CHAT, INFERENCE, chatWith("response_format", "{\"type\":\"json_schema\"}"), 400),
                post(CHAT, INFERENCE, chatWith("provider", "\"fastest\""), 400),
                post(CHAT, INFERENCE, chatWith("provider", "{\"sort\":\"cheapest\"}"), 400),
                post(CHAT, INFERENCE, chatWith("provider", "{\"order\":\"openai\"}"), 400),
                post(CHAT, INFERENCE, chatWith("provider", "{\"max_price\":{\"prompt\":\"abc\"}}"), 400),
                post(CHAT, INFERENCE, nested('[', ']', 100_000), 400).as("arrays nested 100,000 deep"),
                post(CHAT, INFERENCE, nestedObjects(50_000), 400).as("objects nested 50,000 deep"),
                post(
                                CHAT,
                                INFERENCE,
                                chatWith(
                                        "messages",
                                        "[{\"role\":\"user\",\"content\":\"hi\",\"x\":"
                                                + new String(nested('[', ']', 100_000)) + "}]"),
                                400)
                        .as("a message nesting arrays 100,000 deep"),
                post(CHAT, INFERENCE, oversized(), 413).as("a body over the limit"),
                post(CHAT, INFERENCE, oversized(), 413).inChunks().as("a body over the limit, chunked"),
                post(CHAT, INFERENCE, withRawBytes(new byte[] {0}), 400).as("a raw NUL byte in a string"),
                post(CHAT, INFERENCE, withRawBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), 400)
                        .as("a lone surrogate encoded in UTF-8"),
                post(CHAT, INFERENCE, withRawBytes(new byte[] {(byte) 0xC0, (byte) 0xAF}), 400)
                        .as("overlong UTF-8"),
                post(CHAT, INFERENCE, withRawBytes(new byte[] {(byte) 0xFF, (byte) 0xFE}), 400)
                        .as("bytes never in UTF-8"),
                post(CHAT, INFERENCE, chatWith("messages", "[{\"role\":\"user\",\"content\":\"\\ud800\"}]"), 400)
                        .as("a lone surrogate escaped"),
                post(CHAT, INFERENCE, chatWith("user", "\"\\udfff\\ud800\""), 400)
                        .as("surrogates the wrong way round"),
                post(CHAT, INFERENCE, utf16(chatWith("model", "\"" + model + "\"")), 400)
                        .as("UTF-16"),
                post(CHAT, INFERENCE, "model=x&messages=hi", 400)
                        .header("Content-Type", "application/x-www-form-urlencoded"),
                post(CHAT, INFERENCE, "{", 400).header("Content-Type", "text/plain"),
                post(CHAT + "?x=" + "q".repeat(6_000), INFERENCE, "[]", 400).as("a query of 6,000 characters"),
                send("GET", CHAT, INFERENCE, null, 405),
                send("PUT", CHAT, INFERENCE, chatWith("model", "\"" + model + "\""), 405),
                send("DELETE", CHAT, INFERENCE, null, 405),
                send("PATCH", CHAT, INFERENCE, "{}", 405),
                send("PROPFIND", CHAT, INFERENCE, null, 405));
    }

    private List<BadRequest> legacyCompletions() {
        return List.of(
                post(COMPLETIONS, INFERENCE, "{", 400),
                post(COMPLETIONS, INFERENCE, "[]", 400),
                post(COMPLETIONS, INFERENCE, "{\"model\":\"" + model + "\"}", 400),
                post(COMPLETIONS, INFERENCE, legacy("5"), 400),
                post(COMPLETIONS, INFERENCE, legacy("[]"), 400),
                post(COMPLETIONS, INFERENCE, legacy("[1]"), 400),
                post(COMPLETIONS, INFERENCE, legacy("{\"text\":\"hi\"}"), 400),
                post(COMPLETIONS, INFERENCE, "{\"model\":7,\"prompt\":\"hi\"}", 400),
                post(COMPLETIONS, INFERENCE, legacy("\"hi\",\"max_tokens\":-1"), 400),
                post(COMPLETIONS, INFERENCE, legacy("\"hi\",\"stream\":\"no\""), 400),
                post(COMPLETIONS, INFERENCE, legacy("\"\\ud800\""), 400).as("a lone surrogate in the prompt"),
                post(COMPLETIONS, INFERENCE, nested('[', ']', 100_000), 400).as("arrays nested 100,000 deep"),
                post(COMPLETIONS, INFERENCE, oversized(), 413).as("a body over the limit"),
                post(COMPLETIONS, NONE, legacy("\"hi\""), 401),
                send("GET", COMPLETIONS, INFERENCE, null, 405));
    }

    /** Credentials on the inference endpoints: none, malformed, unknown, of the wrong kind. */
    private List<BadRequest> inferenceCallers() {
        String body = chatWith("model", "\"" + model + "\"");
        return List.of(
                post(CHAT, NONE, body, 401),
                post(CHAT, NONE, body, 401).header("Authorization", "Bearer"),
                post(CHAT, NONE, body, 401).header("Authorization", "Bearer "),
                post(CHAT, NONE, body, 401).header("Authorization", "Basic dXNlcjpwYXNzd29yZA=="),
                post(CHAT, NONE, body, 401).header("Authorization", "Bearer sk-or-v1-" + UNKNOWN_HASH),
                post(CHAT, NONE, body, 401).header("Authorization", "Bearer sk-or-v1-' OR 1=1 --"),
                post(CHAT, NONE, body, 401)
                        .header("Authorization", "Bearer " + "k".repeat(4_000))
                        .as("a key of 4,000 characters"),
                post(CHAT, NONE, body, 401).header("Authorization", "bearer\tsk-or-v1-ÿÿÿ"),
                post(CHAT, OPERATOR, body, 401).as("the operator token"),
                post(CHAT, MANAGEMENT, body, 403).as("a management key"));
    }

    private List<BadRequest> keys() {
        String own = KEYS + "/" + keyHash;
        return List.of(
                post(KEYS, MANAGEMENT, "{", 400),
                post(KEYS, MANAGEMENT, "", 400),
                post(KEYS, MANAGEMENT, "[]", 400),
                post(KEYS, MANAGEMENT, "\"key\"", 400),
                post(KEYS, MANAGEMENT, "null", 400),
                post(KEYS, MANAGEMENT, "{}", 400),
                post(KEYS, MANAGEMENT, "{\"name\":5}", 400),
                post(KEYS, MANAGEMENT, "{\"name\":\"" + "n".repeat(10_000) + "\"}", 400)
                        .as("a name of 10,000 characters"),
                post(KEYS, MANAGEMENT, "{\"name\":\"a\\u0000b\"}", 400).as("a NUL in the name"),
                post(KEYS, MANAGEMENT, "{\"name\":\"a\\ud800b\"}", 400).as("a lone surrogate in the name"),
                post(KEYS, MANAGEMENT, "{\"name\":\"k\",\"limit\":\"lots\"}", 400),
                post(KEYS, MANAGEMENT, "{\"name\":\"k\",\"limit\":-5}", 400),
                post(KEYS, MANAGEMENT, "{\"name\":\"k\",\"limit\":\"1e400\"}", 400),
                post(KEYS, MANAGEMENT, "{\"name\":\"k\",\"limit_reset\":\"hourly\"}", 400),
                post(KEYS, MANAGEMENT, "{\"name\":\"k\",\"expires_at\":\"tomorrow\"}", 400),
                post(KEYS, MANAGEMENT, "{\"name\":\"k\",\"expires_at\":\"2001-01-01T00:00:00Z\"}", 400),
                post(KEYS, MANAGEMENT, "{\"name\":\"k\",\"admin\":true}", 400),
                post(KEYS, MANAGEMENT, nestedObjects(50_000), 400).as("objects nested 50,000 deep"),
                post(KEYS, MANAGEMENT, oversized(), 413).as("a body over the limit"),
                post(KEYS, MANAGEMENT, oversized(), 413).inChunks().as("a body over the limit, chunked"),
                post(KEYS, MANAGEMENT, "{\"name\":\"k\"}", 415).header("Content-Type", "text/plain"),
                post(KEYS, MANAGEMENT, "name=k", 415).header("Content-Type", "application/x-www-form-urlencoded"),
                post(KEYS, NONE, "{\"name\":\"k\"}", 401),
                post(KEYS, NONE, "{\"name\":\"k\"}", 401).header("Authorization", "Bearer sk-or-v1-" + UNKNOWN_HASH),
                post(KEYS, INFERENCE, "{\"name\":\"k\"}", 403),
                get(KEYS + "?offset=abc", MANAGEMENT, 400),
                get(KEYS + "?offset=-1", MANAGEMENT, 400),
                get(KEYS + "?offset=99999999999999999999", MANAGEMENT, 400),
                get(KEYS + "/" + UNKNOWN_HASH, MANAGEMENT, 404),
                get(KEYS + "/" + SQL, MANAGEMENT, 404),
                get(KEYS + "/" + "f".repeat(5_000), MANAGEMENT, 404).as("a hash of 5,000 characters"),
                send("PATCH", KEYS + "/" + UNKNOWN_HASH, MANAGEMENT, "{\"disabled\":true}", 404),
                send("PATCH", own, MANAGEMENT, "{", 400),
                send("PATCH", own, MANAGEMENT, "{\"disabled\":\"yes\"}", 400),
                send("PATCH", own, MANAGEMENT, "{\"limit\":[1]}", 400),
                send("PATCH", own, MANAGEMENT, "{\"hash\":\"" + UNKNOWN_HASH + "\"}", 400),
                send("DELETE", KEYS + "/" + UNKNOWN_HASH, MANAGEMENT, null, 404),
                send("DELETE", KEYS + "/" + SQL, MANAGEMENT, null, 404),
                send("PUT", KEYS, MANAGEMENT, "{\"name\":\"k\"}", 405),
                send("DELETE", KEYS, MANAGEMENT, null, 405));
    }

    /** The caller's own account: its key, credits, checkout and generations. */
    private List<BadRequest> accountReads() {
        return List.of(
                get("/api/v1/key", NONE, 401),
                get("/api/v1/key", NONE, 401).header("Authorization", "Bearer sk-or-v1-" + UNKNOWN_HASH),
                get("/api/v1/key", NONE, 401).header("Authorization", "Token abc"),
                send("POST", "/api/v1/key", INFERENCE, "{}", 405),
                get("/api/v1/auth/key", INFERENCE, 404),
                get("/api/v1/credits", NONE, 401),
                get("/api/v1/credits", INFERENCE, 403),
                send("DELETE", "/api/v1/credits", MANAGEMENT, null, 405),
                post(CHECKOUT, MANAGEMENT, "{", 400),
                post(CHECKOUT, MANAGEMENT, "[]", 400),
                post(CHECKOUT, MANAGEMENT, "{}", 400),
                post(CHECKOUT, MANAGEMENT, "{\"amount\":\"twenty\"}", 400),
                post(CHECKOUT, MANAGEMENT, "{\"amount\":\"NaN\"}", 400),
                post(CHECKOUT, MANAGEMENT, "{\"amount\":-20}", 400),
                post(CHECKOUT, MANAGEMENT, "{\"amount\":\"0.001\"}", 400),
                post(CHECKOUT, MANAGEMENT, "{\"amount\":\"1e400\"}", 400),
                post(CHECKOUT, MANAGEMENT, "{\"amount\":[20]}", 400),
                post(CHECKOUT, MANAGEMENT, "{\"amount\":\"20\",\"fee\":\"0\"}", 400),
                post(CHECKOUT, MANAGEMENT, "{\"amount\":\"20\"}", 415).header("Content-Type", "text/plain"),
                post(CHECKOUT, MANAGEMENT, oversized(), 413).as("a body over the limit"),
                post(CHECKOUT, INFERENCE, "{\"amount\":\"20\"}", 403),
                post(CHECKOUT, NONE, "{\"amount\":\"20\"}", 401),
                send("GET", CHECKOUT, MANAGEMENT, null, 405),
                get("/api/v1/generation", INFERENCE, 400),
                get("/api/v1/generation?id=", INFERENCE, 400),
                get("/api/v1/generation?id=gen-unknown", INFERENCE, 404),
                get("/api/v1/generation?id=" + SQL, INFERENCE, 404),
                get("/api/v1/generation?id=gen-%00", INFERENCE, 404),
                get("/api/v1/generation?id=%ED%A0%80", INFERENCE, 404),
                get("/api/v1/generation?id=" + "g".repeat(6_000), INFERENCE, 404)
                        .as("an id of 6,000 characters"),
                get("/api/v1/generation?id=gen-1", NONE, 401),
                send("POST", "/api/v1/generation?id=gen-1", INFERENCE, "{}", 405));
    }

    /** What anyone may read: models, their endpoints, rankings, the installation, unknown paths. */
    private List<BadRequest> publicReads() {
        return List.of(
                send("POST", "/api/v1/models", INFERENCE, "{}", 405),
                get("/api/v1/models/nobody/nothing/endpoints", NONE, 404),
                get("/api/v1/models/" + SQL + "/x/endpoints", NONE, 404),
                send("DELETE", "/api/v1/models/" + model + "/endpoints", OPERATOR, null, 405),
                get("/api/v1/rankings/apps?period=year", NONE, 400),
                get("/api/v1/rankings/apps?period=" + "d".repeat(6_000), NONE, 400)
                        .as("a period of 6,000 characters"),
                get("/api/v1/rankings/apps?limit=abc", NONE, 400),
                get("/api/v1/rankings/models?limit=-1", NONE, 400),
                get("/api/v1/rankings/models?limit=99999999999999999999", NONE, 400),
                get("/api/v1/rankings/models?period=" + SQL, NONE, 400),
                send("POST", "/api/v1/rankings/models", NONE, "{}", 405),
                send("PUT", "/api/system", OPERATOR, "{}", 405),
                get("/api/v2/chat/completions", INFERENCE, 404),
                get("/api/v1/nothing", NONE, 404));
    }

    private List<BadRequest> operatorOrganisations() {
        String grants = ADMIN + "/orgs/" + org + "/grants";
        return List.of(
                post(ADMIN + "/orgs", OPERATOR, "{", 400),
                post(ADMIN + "/orgs", OPERATOR, "[]", 400),
                post(ADMIN + "/orgs", OPERATOR, "{}", 400),
                post(ADMIN + "/orgs", OPERATOR, "{\"name\":5}", 400),
                post(ADMIN + "/orgs", OPERATOR, "{\"name\":\"" + "o".repeat(10_000) + "\"}", 400)
                        .as("a name of 10,000 characters"),
                post(ADMIN + "/orgs", OPERATOR, "{\"name\":\"a\\u0000b\"}", 400).as("a NUL in the name"),
                post(ADMIN + "/orgs", OPERATOR, "{\"name\":\"\\udc00\"}", 400).as("a lone surrogate as the name"),
                post(ADMIN + "/orgs", OPERATOR, nested('[', ']', 100_000), 400).as("arrays nested 100,000 deep"),
                post(ADMIN + "/orgs", OPERATOR, oversized(), 413).as("a body over the limit"),
                post(ADMIN + "/orgs", OPERATOR, "{\"name\":\"o\"}", 415).header("Content-Type", "application/xml"),
                post(ADMIN + "/orgs", NONE, "{\"name\":\"o\"}", 401),
                post(ADMIN + "/orgs", NONE, "{\"name\":\"o\"}", 401).header("Authorization", "Bearer not-the-token"),
                post(ADMIN + "/orgs", NONE, "{\"name\":\"o\"}", 401).header("Authorization", "Bearer "),
                post(ADMIN + "/orgs", MANAGEMENT, "{\"name\":\"o\"}", 401),
                post(ADMIN + "/orgs", INFERENCE, "{\"name\":\"o\"}", 401),
                post(ADMIN + "/orgs", NONE, "{\"name\":\"o\"}", 401).header("X-Requested-With", "XMLHttpRequest"),
                send("PATCH", ADMIN + "/orgs/" + org, OPERATOR, "{\"deny_data_collection\":\"yes\"}", 400),
                send("PATCH", ADMIN + "/orgs/not-a-uuid", OPERATOR, "{\"deny_data_collection\":true}", 404),
                send("PATCH", ADMIN + "/orgs/" + UUID.randomUUID(), OPERATOR, "{\"deny_data_collection\":true}", 404),
                post(grants, OPERATOR, "{\"amount\":\"lots\",\"reason\":\"x\"}", 400),
                post(grants, OPERATOR, "{\"amount\":-1,\"reason\":\"x\"}", 400),
                post(grants, OPERATOR, "{\"amount\":\"1e400\",\"reason\":\"x\"}", 400),
                post(grants, OPERATOR, "{\"amount\":true}", 400),
                post(grants, OPERATOR, "{\"amount\":\"1\",\"reason\":\"x\"}", 400)
                        .header("Idempotency-Key", "not-a-uuid"),
                post(
                        ADMIN + "/orgs/" + UUID.randomUUID() + "/grants",
                        OPERATOR,
                        "{\"amount\":\"1\",\"reason\":\"x\"}",
                        404),
                post(ADMIN + "/orgs/" + SQL + "/grants", OPERATOR, "{\"amount\":\"1\",\"reason\":\"x\"}", 404),
                send("DELETE", ADMIN + "/orgs/" + org, OPERATOR, null, 405));
    }

    private List<BadRequest> operatorCatalog() {
        return List.of(
                post(ADMIN + "/providers", OPERATOR, "{", 400),
                post(ADMIN + "/providers", OPERATOR, "{}", 400),
                post(ADMIN + "/providers", OPERATOR, provider("\"smtp\"", "\"https://example.com\""), 400),
                post(ADMIN + "/providers", OPERATOR, provider("\"openai\"", "\"file:///etc/passwd\""), 400),
                post(ADMIN + "/providers", OPERATOR, provider("\"openai\"", "\"not a url\""), 400),
                post(ADMIN + "/providers", OPERATOR, provider("\"openai\"", "42"), 400),
                post(ADMIN + "/providers", NONE, provider("\"openai\"", "\"https://example.com\""), 401),
                get(ADMIN + "/providers/" + TRAVERSAL, OPERATOR, 404),
                get(ADMIN + "/providers/" + SQL, OPERATOR, 404),
                send("PATCH", ADMIN + "/providers/" + UUID.randomUUID(), OPERATOR, "{\"name\":\"p\"}", 404),
                send("DELETE", ADMIN + "/providers/nobody-" + UUID.randomUUID(), OPERATOR, null, 404),
                send("PUT", ADMIN + "/providers", OPERATOR, "{}", 405),
                post(ADMIN + "/models", OPERATOR, "{\"id\":5}", 400),
                post(ADMIN + "/models", OPERATOR, "{\"id\":\"no-author\",\"name\":\"m\",\"context_length\":1000}", 400),
                post(ADMIN + "/models", OPERATOR, model("-1"), 400),
                post(ADMIN + "/models", OPERATOR, model("\"big\""), 400),
                post(ADMIN + "/models", OPERATOR, model("1e20"), 400),
                post(ADMIN + "/models", OPERATOR, model("1.5"), 400),
                get(ADMIN + "/models/nobody/nothing", OPERATOR, 404),
                get(ADMIN + "/models/" + TRAVERSAL, OPERATOR, 404),
                send("DELETE", ADMIN + "/models/nobody/" + SQL, OPERATOR, null, 404),
                post(ADMIN + "/endpoints", OPERATOR, "{}", 400),
                post(ADMIN + "/endpoints", OPERATOR, endpoint("{\"prompt\":\"abc\",\"completion\":\"0\"}"), 400),
                post(ADMIN + "/endpoints", OPERATOR, endpoint("{\"prompt\":\"-1\",\"completion\":\"0\"}"), 400),
                post(ADMIN + "/endpoints", OPERATOR, endpoint("\"free\""), 400),
                get(ADMIN + "/endpoints/not-a-uuid", OPERATOR, 404),
                get(ADMIN + "/endpoints/" + UUID.randomUUID(), OPERATOR, 404),
                send("PATCH", ADMIN + "/endpoints/" + UUID.randomUUID(), OPERATOR, "{\"margin\":\"0.1\"}", 404),
                send("PUT", ADMIN + "/pricing", OPERATOR, "{", 400),
                send("PUT", ADMIN + "/pricing", OPERATOR, "{\"default_margin\":\"abc\"}", 400),
                send("PUT", ADMIN + "/pricing", OPERATOR, "{\"default_margin\":-2}", 400),
                send("PUT", ADMIN + "/pricing", OPERATOR, "{\"margin\":\"0.1\"}", 400),
                send("PUT", ADMIN + "/pricing", NONE, "{\"default_margin\":\"0.1\"}", 401),
                send("POST", ADMIN + "/pricing", OPERATOR, "{}", 405),
                send("PUT", ADMIN + "/auto-router", OPERATOR, "{\"models\":\"all\"}", 400),
                send(
                        "PUT",
                        ADMIN + "/auto-router",
                        OPERATOR,
                        "{\"models\":[{\"model\":\"x\",\"cost_tier\":\"free-ish\"}]}",
                        400),
                send("PUT", ADMIN + "/auto-router", OPERATOR, "[]", 400),
                get(ADMIN + "/auto-router", NONE, 401));
    }

    private List<BadRequest> operatorReports() {
        return List.of(
                get(ADMIN + "/ledger/summary", NONE, 401),
                send("POST", ADMIN + "/ledger/summary", OPERATOR, "{}", 405),
                get(ADMIN + "/ledger/revenue?from=yesterday", OPERATOR, 400),
                get(ADMIN + "/ledger/revenue?from=2026-13-45", OPERATOR, 400),
                get(ADMIN + "/ledger/revenue?from=2026-02-01&to=2026-01-01", OPERATOR, 400),
                get(ADMIN + "/ledger/revenue?from=0001-01-01&to=9999-12-31", OPERATOR, 400),
                get(ADMIN + "/ledger/revenue?to=" + SQL, OPERATOR, 400),
                get(ADMIN + "/ledger/payables", INFERENCE, 401),
                get(ADMIN + "/audit", NONE, 401),
                get(ADMIN + "/audit", INFERENCE, 401),
                send("POST", ADMIN + "/audit", OPERATOR, "{}", 405),
                get(ADMIN + "/audit?organization=" + SQL, OPERATOR, 400),
                get(ADMIN + "/audit?since=yesterday", OPERATOR, 400),
                get(ADMIN + "/audit?limit=0", OPERATOR, 400),
                get(ADMIN + "/audit?limit=99999999999999999999", OPERATOR, 400),
                get(ADMIN + "/audit?offset=-1", OPERATOR, 400),
                get(ADMIN + "/nothing", OPERATOR, 404));
    }

    private List<BadRequest> webhook() {
        String event = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"checkout.session.completed\","
                + "\"api_version\":\"2024-06-20\",\"created\":" + Instant.now().getEpochSecond()
                + ",\"data\":{\"object\":{\"id\":\"cs_unknown_" + UUID.randomUUID()
                + "\",\"object\":\"checkout.session\","
                + "\"payment_status\":\"paid\",\"amount_total\":2190}}}";
        String charge = "{\"id\":\"evt_2\",\"object\":\"event\",\"type\":\"checkout.session.completed\","
                + "\"api_version\":\"2024-06-20\",\"created\":" + Instant.now().getEpochSecond()
                + ",\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\"}}}";
        return List.of(
                post(WEBHOOK, NONE, event, 400),
                post(WEBHOOK, NONE, event, 400).header("Stripe-Signature", "t=1,v1=00"),
                post(WEBHOOK, NONE, event, 400).header("Stripe-Signature", "garbage"),
                post(WEBHOOK, NONE, event, 400).header("Stripe-Signature", ""),
                post(WEBHOOK, NONE, event, 400)
                        .header("Stripe-Signature", FakeStripe.signature(event, Instant.now(), "whsec_wrong")),
                post(WEBHOOK, NONE, event, 400)
                        .header("Stripe-Signature", signed(event, Instant.now().minus(Duration.ofHours(1))))
                        .as("a stale signature"),
                post(WEBHOOK, NONE, "not json", 400).header("Stripe-Signature", signed("not json", Instant.now())),
                post(WEBHOOK, NONE, "[]", 400).header("Stripe-Signature", signed("[]", Instant.now())),
                post(WEBHOOK, NONE, "{}", 400).header("Stripe-Signature", signed("{}", Instant.now())),
                post(WEBHOOK, NONE, charge, 400)
                        .header("Stripe-Signature", signed(charge, Instant.now()))
                        .as("a signed completion that holds a charge"),
                post(WEBHOOK, NONE, oversized(), 413).as("a body over the limit"),
                post(WEBHOOK, NONE, oversized(), 413).inChunks().as("a body over the limit, chunked"),
                post(WEBHOOK, NONE, nested('[', ']', 100_000), 400).as("arrays nested 100,000 deep, unsigned"),
                send("GET", WEBHOOK, NONE, null, 405));
    }

    private String chatWith(String field, String rawValue) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", "\"" + model + "\"");
        fields.put("messages", "[{\"role\":\"user\",\"content\":\"hi\"}]");
        fields.put("max_tokens", "5");
        if (rawValue == null) {
            fields.remove(field);
        } else {
            fields.put(field, rawValue);
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(name)
                .append("\":")
                .append(value));
        return json.append('}').toString();
    }

    private String legacy(String prompt) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":5,\"prompt\":" + prompt + "}";
    }

    private static String image(String url) {
        return "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]";
    }

    private static String list(String item, int times) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            items.add(item.replace("\"", "\"" + i));
        }
        return "[" + String.join(",", items) + "]";
    }

    private static String provider(String protocol, String baseUrl) {
        return "{\"slug\":\"bad-" + UUID.randomUUID() + "\",\"name\":\"Bad\",\"protocol\":" + protocol
                + ",\"base_url\":" + baseUrl + "}";
    }

    private static String model(String contextLength) {
        return "{\"id\":\"bad/" + UUID.randomUUID() + "\",\"name\":\"Bad\",\"context_length\":" + contextLength
                + ",\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]}";
    }

    private String endpoint(String cost) {
        return "{\"model\":\"" + model + "\",\"provider\":\"nobody-" + UUID.randomUUID()
                + "\",\"upstream_model\":\"m\",\"cost\":" + cost + ",\"margin\":\"0.1\",\"context_length\":1000}";
    }

    private static String signed(String payload, Instant at) {
        return FakeStripe.signature(payload, at, FakeStripe.WEBHOOK_SECRET);
    }

    private static byte[] nested(char open, char close, int depth) {
        return utf8(String.valueOf(open).repeat(depth) + String.valueOf(close).repeat(depth));
    }

    /** Four bytes a level: 50,000 levels stay under the limit, so the parser meets them. */
    private static byte[] nestedObjects(int depth) {
        return utf8("{\"\":".repeat(depth) + "1" + "}".repeat(depth));
    }

    /** A well-formed chat request a quarter larger than the limit. */
    private byte[] oversized() {
        return utf8(chatWith(
                "messages", "[{\"role\":\"user\",\"content\":\"" + "x".repeat(bodyLimit + bodyLimit / 4) + "\"}]"));
    }

    /** A chat request whose message holds {@code raw} between two letters, bytes as they are. */
    private byte[] withRawBytes(byte[] raw) {
        String[] halves = chatWith("messages", "[{\"role\":\"user\",\"content\":\"a|b\"}]")
                .split("\\|");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8(halves[0]));
        body.writeBytes(raw);
        body.writeBytes(utf8(halves[1]));
        return body.toByteArray();
    }

    private static byte[] utf16(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_16);
    }
}
