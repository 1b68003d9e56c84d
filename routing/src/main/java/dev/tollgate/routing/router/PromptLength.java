package dev.tollgate.routing.router;

import dev.tollgate.routing.adapter.TokenCount;

/**
 * A prompt's length in tokens, counted only when a context window is close enough for it to matter. Counting with the
 * tokenizer is most of a routing decision's cost (see {@code bench/RESULTS.md}), while almost every prompt is far
 * shorter than every window: its UTF-8 length is a safe upper bound (a byte-level BPE token covers at least one
 * byte), and when that bound fits, nothing is counted. Used by one planning thread at a time.
 */
public final class PromptLength {

    private final String text;
    private final long upperBound;
    private long tokens;

    private PromptLength(String text, long upperBound, long tokens) {
        this.text = text;
        this.upperBound = upperBound;
        this.tokens = tokens;
    }

    public static PromptLength of(String text) {
        return new PromptLength(text, utf8Length(text), -1);
    }

    /** A length already counted. */
    public static PromptLength exactly(long tokens) {
        return new PromptLength("", tokens, tokens);
    }

    /** At least as many as {@link #tokens()}, without counting. */
    public long upperBound() {
        return upperBound;
    }

    public long tokens() {
        if (tokens < 0) {
            tokens = TokenCount.of(text);
        }
        return tokens;
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
