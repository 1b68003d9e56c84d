package dev.tollgate.routing.adapter;

import jakarta.json.JsonObject;

/**
 * A whole answer, translated to OpenAI's {@code chat.completion} shape: {@code choices} with normalized
 * {@code finish_reason} and the provider's {@code native_finish_reason}. The gateway sets {@code id}, {@code model},
 * {@code provider} and the usage with its cost.
 */
public record ChatCompletion(JsonObject body, TokenUsage usage) {}
