package dev.tollgate.routing.adapter;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tollgate.routing.adapter.gemini.GeminiProtocol;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any bytes from Gemini's {@code generateContent}, whole or streamed: see {@link ProviderAnswers}. Without
 * {@code JAZZER_FUZZ} this replays the seeds and {@code GeminiWireFuzzTestInputs/}; {@code bench/fuzz.sh} fuzzes it.
 */
class GeminiWireFuzzTest {

    @DictionaryEntries({
        "data: ",
        "\"candidates\"",
        "\"content\"",
        "\"parts\"",
        "\"text\"",
        "\"functionCall\"",
        "\"args\"",
        "\"thought\"",
        "\"thoughtSignature\"",
        "\"finishReason\"",
        "\"index\"",
        "\"promptFeedback\"",
        "\"blockReason\"",
        "\"usageMetadata\"",
        "\"promptTokenCount\"",
        "\"candidatesTokenCount\"",
        "\"thoughtsTokenCount\"",
        "\"cachedContentTokenCount\"",
        "\"error\"",
        "\"code\"",
        "1e400"
    })
    @MethodSource("recorded")
    @FuzzTest(maxDuration = "10s")
    void anyAnswer(byte[] body) {
        ProviderAnswers.hold(new GeminiProtocol(), body);
    }

    static Stream<byte[]> recorded() {
        return ProviderAnswers.recorded(
                "gemini/generate-content-response.json",
                "gemini/blocked-response.json",
                "gemini/stream.sse",
                "gemini/cut-stream.sse",
                "gemini/error-stream.sse");
    }
}
