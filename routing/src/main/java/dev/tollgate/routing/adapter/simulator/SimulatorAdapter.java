package dev.tollgate.routing.adapter.simulator;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.ChatCompletion;
import dev.tollgate.routing.adapter.PromptText;
import dev.tollgate.routing.adapter.ProviderAdapter;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.UpstreamReply;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Answers without a network: the same prompt always gets the same text; only failures are random. */
public final class SimulatorAdapter implements ProviderAdapter {

    private static final String[] WORDS = {
        "the", "gateway", "routes", "each", "call", "to", "a", "provider", "that", "answers", "with", "tokens",
                "priced",
        "per", "million", "and", "settled", "in", "an", "exact", "ledger", "while", "streams", "arrive", "chunk", "by",
        "simulated", "model", "says", "hello", "from", "Tollgate", "quietly", "fast", "cheap", "healthy"
    };

    @Override
    public Protocol protocol() {
        return Protocol.SIMULATOR;
    }

    @Override
    public UpstreamReply start(RoutableEndpoint endpoint, ChatCall call) throws UpstreamFailure {
        SimulatorSettings settings = SimulatorSettings.of(endpoint.provider().baseUrl());
        boolean fails =
                settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate();
        if (settings.latencyMillis() > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(settings.latencyMillis()));
        }
        if (fails) {
            throw new UpstreamFailure(UpstreamFailure.Kind.SERVER, 503, "the simulated provider failed, as configured");
        }
        return new SimulatedReply(settings, call);
    }

    static List<String> answer(String prompt, int words) {
        long seed = prompt.hashCode();
        List<String> tokens = new ArrayList<>(words);
        for (int i = 0; i < words; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            String word = WORDS[(int) Math.floorMod(seed >>> 33, (long) WORDS.length)];
            tokens.add(i == 0 ? capitalize(word) : " " + word);
        }
        tokens.set(words - 1, tokens.get(words - 1) + ".");
        return tokens;
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static final class SimulatedReply implements UpstreamReply {

        private final SimulatorSettings settings;
        private final List<String> tokens;
        private final String finishReason;
        private final TokenUsage usage;
        private int next = -1;
        private volatile boolean closed;

        SimulatedReply(SimulatorSettings settings, ChatCall call) {
            this.settings = settings;
            String prompt = PromptText.of(call.body());
            int limit = (int) Math.min(
                    Integer.MAX_VALUE,
                    WireJson.numberField(call.body(), "max_tokens")
                            .or(() -> WireJson.numberField(call.body(), "max_completion_tokens"))
                            .map(number -> Math.max(1, number.longValue()))
                            .orElse(Long.MAX_VALUE));
            List<String> full = answer(prompt, settings.words());
            this.tokens = full.size() > limit ? full.subList(0, limit) : full;
            this.finishReason = full.size() > limit ? "length" : "stop";
            this.usage = new TokenUsage(Math.max(1, (prompt.length() + 3) / 4), tokens.size(), 0, 0);
        }

        @Override
        public ChatCompletion completion() {
            JsonObject message = WireJson.object()
                    .add("role", "assistant")
                    .add("content", String.join("", tokens))
                    .build();
            JsonObject body = WireJson.object()
                    .add("object", "chat.completion")
                    .add(
                            "choices",
                            WireJson.array()
                                    .add(WireJson.object()
                                            .add("index", 0)
                                            .add("message", message)
                                            .add("finish_reason", finishReason)
                                            .add("native_finish_reason", finishReason)))
                    .build();
            return new ChatCompletion(body, usage);
        }

        @Override
        public Optional<JsonObject> nextChunk() throws UpstreamFailure {
            if (closed) {
                throw new UpstreamFailure(UpstreamFailure.Kind.CONNECTION, 0, "the simulated call was cancelled");
            }
            next++;
            if (next == 0) {
                return Optional.of(
                        delta(WireJson.object().add("role", "assistant").add("content", ""), null));
            }
            if (next <= tokens.size()) {
                pace();
                return Optional.of(delta(WireJson.object().add("content", tokens.get(next - 1)), null));
            }
            if (next == tokens.size() + 1) {
                return Optional.of(delta(WireJson.object(), finishReason));
            }
            if (next == tokens.size() + 2) {
                return Optional.of(WireJson.object()
                        .add("choices", WireJson.array())
                        .add("usage", usage.toOpenAi())
                        .build());
            }
            return Optional.empty();
        }

        private void pace() {
            if (settings.tokensPerSecond() > 0) {
                LockSupport.parkNanos((long) (1_000_000_000L / settings.tokensPerSecond()));
            }
        }

        private static JsonObject delta(jakarta.json.JsonObjectBuilder delta, String finishReason) {
            jakarta.json.JsonObjectBuilder choice =
                    WireJson.object().add("index", 0).add("delta", delta);
            if (finishReason == null) {
                choice.addNull("finish_reason");
            } else {
                choice.add("finish_reason", finishReason).add("native_finish_reason", finishReason);
            }
            return WireJson.object()
                    .add("choices", WireJson.array().add(choice))
                    .build();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
