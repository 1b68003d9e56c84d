package dev.tollgate.routing.adapter;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The property the wire fuzz tests hold every protocol to: whatever bytes a provider sends with a 200, read as a whole
 * answer or as an event stream, come out as a chat completion or chunks the gateway can write, or as an
 * {@link UpstreamFailure} it can report (a status and a message for the error envelope or the error chunk). Any other
 * exception is a finding: it would skip the error chunk and leave the call's hold to the sweeper.
 */
final class ProviderAnswers {

    private ProviderAnswers() {}

    static void hold(HttpProtocol protocol, byte[] body) {
        whole(protocol, body);
        streamed(protocol, body);
    }

    private static void whole(HttpProtocol protocol, byte[] body) {
        try {
            ChatCompletion completion = HttpProviderAdapter.completion(protocol, body);
            WireJson.bytes(completion.body());
            assertTrue(completion.usage().totalTokens() >= 0, "the usage adds up to a negative total");
        } catch (UpstreamFailure failure) {
            reportable(failure);
        }
    }

    private static void streamed(HttpProtocol protocol, byte[] body) {
        ChunkReader chunks = new ChunkReader(new ByteArrayInputStream(body), protocol.streamTranslator());
        try {
            for (Optional<JsonObject> chunk = chunks.next(); chunk.isPresent(); chunk = chunks.next()) {
                WireJson.bytes(chunk.get());
            }
            assertTrue(chunks.ended(), "the chunks stopped before the stream ended");
        } catch (UpstreamFailure failure) {
            reportable(failure);
        }
    }

    private static void reportable(UpstreamFailure failure) {
        assertNotNull(failure.getMessage(), "a failure without a message for the error envelope");
        assertNotNull(failure.kind());
        assertTrue(
                failure.gatewayStatus() >= 400 && failure.gatewayStatus() < 600,
                "not an error status: " + failure.gatewayStatus());
    }

    /** Recorded answers (paths under {@code fixtures/}): the fuzzer's first seeds. */
    static Stream<byte[]> recorded(String... fixtures) {
        return Stream.of(fixtures).map(ProviderAnswers::read);
    }

    private static byte[] read(String fixture) {
        try (InputStream in = ProviderAnswers.class.getResourceAsStream("/fixtures/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
