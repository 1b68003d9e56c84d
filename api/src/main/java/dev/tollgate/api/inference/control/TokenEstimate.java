package dev.tollgate.api.inference.control;

/**
 * Tokens counted from text when a provider reports none (a server without usage, or a stream cut off by the
 * caller): about four characters a token, rounded up, which is what OpenAI's tokenizers average on English text.
 */
final class TokenEstimate {

    private TokenEstimate() {}

    static long of(CharSequence text) {
        long codePoints = text.codePoints().count();
        return (codePoints + 3) / 4;
    }
}
