package dev.tollgate.routing.adapter;

import java.util.Locale;
import java.util.Map;

/**
 * OpenRouter's normalized finish reasons ({@code stop}, {@code length}, {@code tool_calls}, {@code content_filter},
 * {@code error}) from whatever a provider said; the provider's own word is kept as {@code native_finish_reason}.
 */
public final class FinishReasons {

    private static final Map<String, String> NORMALIZED = Map.ofEntries(
            Map.entry("stop", "stop"),
            Map.entry("eos", "stop"),
            Map.entry("eos_token", "stop"),
            Map.entry("end_turn", "stop"),
            Map.entry("stop_sequence", "stop"),
            Map.entry("pause_turn", "stop"),
            Map.entry("finish_reason_unspecified", "stop"),
            Map.entry("length", "length"),
            Map.entry("max_tokens", "length"),
            Map.entry("model_context_window_exceeded", "length"),
            Map.entry("tool_calls", "tool_calls"),
            Map.entry("tool_use", "tool_calls"),
            Map.entry("function_call", "tool_calls"),
            Map.entry("content_filter", "content_filter"),
            Map.entry("refusal", "content_filter"),
            Map.entry("safety", "content_filter"),
            Map.entry("recitation", "content_filter"),
            Map.entry("blocklist", "content_filter"),
            Map.entry("prohibited_content", "content_filter"),
            Map.entry("spii", "content_filter"),
            Map.entry("image_safety", "content_filter"),
            Map.entry("error", "error"),
            Map.entry("malformed_function_call", "error"));

    private FinishReasons() {}

    /** The normalized reason; an unknown native reason counts as {@code stop} (the model stopped, for its reason). */
    public static String normalize(String nativeReason) {
        return NORMALIZED.getOrDefault(nativeReason.toLowerCase(Locale.ROOT), "stop");
    }
}
