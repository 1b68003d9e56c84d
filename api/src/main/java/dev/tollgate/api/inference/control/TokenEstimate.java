package dev.tollgate.api.inference.control;

import dev.tollgate.routing.adapter.TokenCount;

/**
 * Tokens counted from text when a provider reports none (a server without usage, or a stream cut off by the
 * caller), with the gateway's tokenizer; the generation says the usage was estimated.
 */
final class TokenEstimate {

    private TokenEstimate() {}

    static long of(CharSequence text) {
        return TokenCount.of(text.toString());
    }
}
