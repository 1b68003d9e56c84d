package dev.tollgate.routing.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenCountTest {

    @Test
    void countsWithOpenAisEncoding() {
        assertEquals(0, TokenCount.of(""));
        assertEquals(2, TokenCount.of("Hello world"), "o200k_base: \"Hello\", \" world\"");
        long text = TokenCount.of("The quick brown fox jumps over the lazy dog. ".repeat(100));
        assertTrue(text >= 1000 && text <= 1100, String.valueOf(text));
    }

    @Test
    void specialTokenStringsAreOrdinaryText() {
        assertTrue(TokenCount.of("<|endoftext|> and <|im_start|>") > 2);
    }
}
