package dev.tollgate.routing.adapter;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Tokens one call used, normalized from each protocol: prompt (input, including cached), completion (output,
 * including reasoning), and the reasoning and cached parts of those.
 */
public record TokenUsage(long promptTokens, long completionTokens, long reasoningTokens, long cachedPromptTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0 || reasoningTokens < 0 || cachedPromptTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public long totalTokens() {
        return sum(promptTokens, completionTokens);
    }

    /**
     * Adds counts a provider reported, saturating at {@link Long#MAX_VALUE}: a provider that reports absurd counts
     * must not wrap them into a negative one (which this record refuses) and so turn its lie into a crash.
     */
    public static long sum(long... counts) {
        long total = 0;
        for (long count : counts) {
            total = count > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + count;
        }
        return total;
    }

    /** Reads OpenAI's {@code usage} object ({@code prompt_tokens}, {@code completion_tokens}, details). */
    public static TokenUsage fromOpenAi(JsonObject usage) {
        long reasoning = WireJson.objectField(usage, "completion_tokens_details")
                .map(details -> WireJson.longField(details, "reasoning_tokens"))
                .orElse(0L);
        long cached = WireJson.objectField(usage, "prompt_tokens_details")
                .map(details -> WireJson.longField(details, "cached_tokens"))
                .orElse(0L);
        return new TokenUsage(
                Math.max(0, WireJson.longField(usage, "prompt_tokens")),
                Math.max(0, WireJson.longField(usage, "completion_tokens")),
                Math.max(0, reasoning),
                Math.max(0, cached));
    }

    /** OpenAI's {@code usage} object, without cost (the gateway adds that). */
    public JsonObjectBuilder toOpenAi() {
        return WireJson.object()
                .add("prompt_tokens", promptTokens)
                .add("completion_tokens", completionTokens)
                .add("total_tokens", totalTokens())
                .add("prompt_tokens_details", WireJson.object().add("cached_tokens", cachedPromptTokens))
                .add("completion_tokens_details", WireJson.object().add("reasoning_tokens", reasoningTokens));
    }
}
