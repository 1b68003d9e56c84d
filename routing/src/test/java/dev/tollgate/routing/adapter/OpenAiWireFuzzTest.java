package dev.tollgate.routing.adapter;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tollgate.routing.adapter.openai.OpenAiProtocol;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any bytes from an OpenAI-compatible provider, whole or streamed: see {@link ProviderAnswers}. Without
 * {@code JAZZER_FUZZ} this replays the seeds and {@code OpenAiWireFuzzTestInputs/}; {@code bench/fuzz.sh} fuzzes it.
 */
class OpenAiWireFuzzTest {

    @DictionaryEntries({
        "data: ",
        "event: ",
        "[DONE]",
        "\"choices\"",
        "\"delta\"",
        "\"message\"",
        "\"finish_reason\"",
        "\"usage\"",
        "\"prompt_tokens\"",
        "\"completion_tokens\"",
        "\"tool_calls\"",
        "\"error\"",
        "\"code\"",
        "1e400"
    })
    @MethodSource("recorded")
    @FuzzTest(maxDuration = "10s")
    void anyAnswer(byte[] body) {
        ProviderAnswers.hold(new OpenAiProtocol(), body);
    }

    static Stream<byte[]> recorded() {
        return ProviderAnswers.recorded(
                "openai/stream-tool-calls.sse", "anthropic/chat-completion.json", "gemini/chat-completion.json");
    }
}
