package dev.tollgate.routing.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireJsonTest {

    @Test
    void exactAmountsAreWrittenInPlainNotation() {
        String json = WireJson.write(WireJson.object()
                .add("cost", WireJson.exact(new BigDecimal("2.8875E-7")))
                .add("whole", WireJson.exact(new BigDecimal("1.500")))
                .add("big", WireJson.exact(new BigDecimal("1E+3")))
                .build());
        assertEquals("{\"cost\":0.00000028875,\"whole\":1.5,\"big\":1000}", json);
    }

    @Test
    void exactAmountsReadBackUnchanged() {
        BigDecimal amount = new BigDecimal("0.000000021050000001");
        String json = WireJson.write(
                WireJson.object().add("a", WireJson.exact(amount)).build());
        assertEquals(
                0,
                amount.compareTo(WireJson.parseObject(json).getJsonNumber("a").bigDecimalValue()));
    }

    @Test
    void strictParsingRefusesMalformedUtf8WithItsCause() {
        // An overlong encoding of '/', and a lone continuation byte at the end.
        for (byte[] malformed : new byte[][] {
            {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, {'"', 'a', (byte) 0x80}
        }) {
            JsonException refused = assertThrows(JsonException.class, () -> WireJson.parseStrictUtf8(malformed));
            assertInstanceOf(CharacterCodingException.class, refused.getCause());
        }
    }

    @Test
    void strictAndLenientParsingReadTheSameWellFormedText() {
        byte[] utf8 = "{\"text\":\"Grüße, 東京 \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(WireJson.parse(utf8), WireJson.parseStrictUtf8(utf8));
        assertEquals(
                "Grüße, 東京 \ud83d\ude00", WireJson.parse(utf8).asJsonObject().getString("text"));
    }

    @Test
    void lenientParsingReadsMalformedUtf8AsReplacementCharacters() {
        byte[] malformed = {'"', (byte) 0xFF, '"'};
        assertEquals("\uFFFD", ((jakarta.json.JsonString) WireJson.parse(malformed)).getString());
    }

    @Test
    void aNumberBeyondADecimalIsBadJson() {
        assertThrows(
                JsonException.class,
                () -> WireJson.parseStrictUtf8("1e9999999999".getBytes(StandardCharsets.UTF_8))
                        .toString());
        assertThrows(
                JsonException.class,
                () -> WireJson.parse("[1e9999999999]")
                        .asJsonArray()
                        .getJsonNumber(0)
                        .bigDecimalValue());
    }
}
