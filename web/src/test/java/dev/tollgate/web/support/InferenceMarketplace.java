package dev.tollgate.web.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.web.support.OperatorClient.Answer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A catalog of models served by {@link FakeUpstream} scenarios, set up once per test JVM through the operator API,
 * with two organisations and their keys. Model ids carry a random suffix so that runs never collide. Every test
 * class calls the same models on the same running deployment: a test that makes calls fail uses {@link #ownModel}.
 */
public final class InferenceMarketplace {

    /** Cost prices of every endpoint, USD per token; the margin is 10 %, so list prices are 1.1 × these. */
    public static final BigDecimal PROMPT_COST = new BigDecimal("0.000001");

    public static final BigDecimal COMPLETION_COST = new BigDecimal("0.000002");
    public static final BigDecimal MARGIN = new BigDecimal("0.1");

    /** The secret the OpenAI-speaking provider is configured with; the fake upstream sees it, callers never do. */
    public static final String UPSTREAM_SECRET = "upstream-secret-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

    private static InferenceMarketplace instance;

    public final FakeUpstream upstream;
    public final String suffix;
    /** An inference key and the management key of organisation A, and an inference key of organisation B. */
    public final String keyA;

    public final String managementKeyA;
    public final String keyB;

    private InferenceMarketplace(
            FakeUpstream upstream, String suffix, String managementKeyA, String keyA, String keyB) {
        this.upstream = upstream;
        this.suffix = suffix;
        this.managementKeyA = managementKeyA;
        this.keyA = keyA;
        this.keyB = keyB;
    }

    public static synchronized InferenceMarketplace on(URI base) throws Exception {
        if (instance == null) {
            instance = create(base);
        }
        return instance;
    }

    /** The id of one of the marketplace's models, e.g. {@code model("chat")}. */
    public String model(String name) {
        return modelId(suffix, name);
    }

    private static String modelId(String suffix, String name) {
        return "it" + suffix + "/" + name;
    }

    public static BigDecimal listCost(long promptTokens, long completionTokens) {
        BigDecimal factor = BigDecimal.ONE.add(MARGIN);
        return PROMPT_COST
                .multiply(factor)
                .multiply(BigDecimal.valueOf(promptTokens))
                .add(COMPLETION_COST.multiply(factor).multiply(BigDecimal.valueOf(completionTokens)));
    }

    private static InferenceMarketplace create(URI base) throws Exception {
        FakeUpstream upstream = FakeUpstream.start();
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        OperatorClient operator = new OperatorClient(base, SharedPostgres.OPERATOR_TOKEN);
        String[][] providers = {
            {"openai", "openai"},
            {"fail500", "openai"},
            {"rate429", "openai"},
            {"badrequest", "openai"},
            {"midstream", "openai"},
            {"cut", "openai"},
            {"slow", "openai"},
            {"hang", "openai"},
            {"stall", "openai"},
            {"endless", "openai"},
            {"anthropic", "anthropic"},
            {"gemini", "gemini"}
        };
        for (String[] provider : providers) {
            String apiKey = provider[0].equals("openai") ? ",\"api_key\":\"" + UPSTREAM_SECRET + "\"" : "";
            addProvider(operator, upstream, provider[0], suffix, provider[1], apiKey);
        }
        // model name → its providers, cheapest first (each next one costs more, so the order is the price order).
        String[][] models = {
            {"chat", "openai"},
            {"fallback", "fail500", "rate429", "openai"},
            {"down", "fail500", "rate429"},
            {"broken", "fail500"},
            {"refused", "badrequest", "openai"},
            {"midstream", "midstream"},
            {"cut", "cut"},
            {"slow", "slow"},
            {"hang", "hang"},
            {"stall", "stall"},
            {"endless", "endless"},
            {"claude", "anthropic"},
            {"gemini", "gemini"}
        };
        for (String[] model : models) {
            addModel(operator, suffix, model[0]);
            for (int i = 1; i < model.length; i++) {
                // Dearer by a ten-thousandth per place, so the cheapest-first order is the listed order.
                BigDecimal step = BigDecimal.ONE.add(new BigDecimal("0.0001").multiply(BigDecimal.valueOf(i - 1)));
                addEndpoint(operator, suffix, model[0], model[i], step);
            }
        }
        String managementA = organisation(operator, "A " + suffix);
        String managementB = organisation(operator, "B " + suffix);
        return new InferenceMarketplace(
                upstream, suffix, managementA, inferenceKey(base, managementA), inferenceKey(base, managementB));
    }

    /**
     * A model of the caller's own, on a provider of its own whose fake upstream behaves as {@code scenario} (an OpenAI
     * one such as {@code fail500} or {@code midstream}). For a test that makes calls fail: the failures count against
     * this endpoint's health only, never trip the breaker of a shared model that another test class calls on the same
     * running deployment. Returns the model's id.
     */
    public String ownModel(URI base, String scenario) throws IOException, InterruptedException {
        return ownModel(base, upstream, scenario, false);
    }

    /**
     * A model of the caller's own on a fake upstream of its own (whose requests and cancellations it can then count),
     * at the marketplace's prices, or a {@code :free} one at no cost when {@code free}. Returns the model's id.
     */
    public static String ownModel(URI base, FakeUpstream upstream, String scenario, boolean free)
            throws IOException, InterruptedException {
        String own = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String name = free ? scenario + ":free" : scenario;
        OperatorClient operator = new OperatorClient(base, SharedPostgres.OPERATOR_TOKEN);
        addProvider(operator, upstream, scenario, own, "openai", "");
        addModel(operator, own, name);
        addEndpoint(operator, own, name, scenario, free ? BigDecimal.ZERO : BigDecimal.ONE);
        return modelId(own, name);
    }

    private static void addProvider(
            OperatorClient operator,
            FakeUpstream upstream,
            String scenario,
            String suffix,
            String protocol,
            String more)
            throws IOException, InterruptedException {
        created(operator.post(
                "/api/admin/v1/providers",
                "{\"slug\":\"" + scenario + "-" + suffix + "\",\"name\":\"Fake " + scenario + "\","
                        + "\"protocol\":\"" + protocol + "\",\"base_url\":\"" + upstream.url(scenario) + "\""
                        + more + "}"));
    }

    private static void addModel(OperatorClient operator, String suffix, String name)
            throws IOException, InterruptedException {
        created(operator.post(
                "/api/admin/v1/models",
                "{\"id\":\"" + modelId(suffix, name) + "\",\"name\":\"IT " + name + "\","
                        + "\"context_length\":32000,\"input_modalities\":[\"text\",\"image\"],"
                        + "\"output_modalities\":[\"text\"]}"));
    }

    /** The model's endpoint at the provider {@code scenario-suffix}, costing {@code step} times the base prices. */
    private static void addEndpoint(
            OperatorClient operator, String suffix, String model, String scenario, BigDecimal step)
            throws IOException, InterruptedException {
        created(operator.post(
                "/api/admin/v1/endpoints",
                "{\"model\":\"" + modelId(suffix, model) + "\",\"provider\":\"" + scenario + "-" + suffix
                        + "\",\"upstream_model\":\"upstream-" + model + "\","
                        + "\"cost\":{\"prompt\":\""
                        + PROMPT_COST.multiply(step).toPlainString()
                        + "\",\"completion\":\""
                        + COMPLETION_COST.multiply(step).toPlainString() + "\"},"
                        + "\"margin\":\"" + MARGIN + "\",\"context_length\":32000}"));
    }

    private static String organisation(OperatorClient operator, String name) throws IOException, InterruptedException {
        return Organisation.funded(operator, "Inference " + name, "100").managementKey();
    }

    /** An organisation made through the operator API, with credits granted to it. */
    public record Organisation(String id, String managementKey) {

        public static Organisation funded(OperatorClient operator, String name, String credits)
                throws IOException, InterruptedException {
            Answer created = operator.post("/api/admin/v1/orgs", "{\"name\":\"" + name + "\"}");
            created(created);
            Organisation organisation = new Organisation(
                    created.body().getString("id"), created.body().getString("management_key"));
            if (new BigDecimal(credits).signum() > 0) {
                created(operator.post(
                        "/api/admin/v1/orgs/" + organisation.id() + "/grants",
                        "{\"amount\":\"" + credits + "\",\"reason\":\"tests\"}"));
            }
            return organisation;
        }

        /** A new inference key of this organisation. */
        public String inferenceKey(URI base) throws IOException, InterruptedException {
            return InferenceMarketplace.inferenceKey(base, managementKey);
        }
    }

    private static String inferenceKey(URI base, String managementKey) throws IOException, InterruptedException {
        Answer created = new OperatorClient(base, managementKey).post("/api/v1/keys", "{\"name\":\"it\"}");
        created(created);
        return created.body().getString("key");
    }

    private static void created(Answer answer) {
        assertEquals(201, answer.status(), answer.raw());
    }
}
