package dev.tollgate.routing.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BodyBytesTest {

    private static byte[] bytes(int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    @Test
    void aBodyOfItsDeclaredLengthIsReadWhole() throws IOException {
        assertArrayEquals(bytes(300), BodyBytes.readUpTo(new ByteArrayInputStream(bytes(300)), 300, 1000));
        assertArrayEquals(new byte[0], BodyBytes.readUpTo(new ByteArrayInputStream(new byte[0]), 0, 1000));
    }

    @Test
    void aBodyThatEndsBeforeItsDeclaredLengthIsWhatArrived() throws IOException {
        assertArrayEquals(bytes(120), BodyBytes.readUpTo(new ByteArrayInputStream(bytes(120)), 300, 1000));
    }

    @Test
    void aBodyWithoutALengthIsReadToOneByteOverTheLimit() throws IOException {
        assertEquals(400, BodyBytes.readUpTo(new ByteArrayInputStream(bytes(400)), -1, 1000).length);
        assertEquals(1001, BodyBytes.readUpTo(new ByteArrayInputStream(bytes(5000)), -1, 1000).length);
    }

    @Test
    void aBodyDeclaredOverTheLimitIsReadToOneByteOverIt() throws IOException {
        assertEquals(1001, BodyBytes.readUpTo(new ByteArrayInputStream(bytes(5000)), 5000, 1000).length);
    }

    @Test
    void aLargeDeclaredLengthIsNotTrustedWithMemoryBeforeItsBytesCome() throws IOException {
        int large = BodyBytes.PRESIZED_AT_MOST + 1;
        // Declared large, ten bytes sent: read as they come, not into an array of the declared size.
        assertEquals(10, BodyBytes.readUpTo(new ByteArrayInputStream(bytes(10)), large, 4 * large).length);
        assertEquals(large, BodyBytes.readUpTo(new ByteArrayInputStream(bytes(large)), large, 4 * large).length);
    }
}
