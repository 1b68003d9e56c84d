package dev.tollgate.routing.adapter;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tollgate.routing.adapter.anthropic.AnthropicProtocol;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any bytes from Anthropic's Messages API, whole or streamed: see {@link ProviderAnswers}. Without {@code JAZZER_FUZZ}
 * this replays the seeds and {@code AnthropicWireFuzzTestInputs/}; {@code bench/fuzz.sh} fuzzes it.
 */
class AnthropicWireFuzzTest {

    @DictionaryEntries({
        "data: ",
        "event: ",
        "\"type\"",
        "\"message_start\"",
        "\"content_block_start\"",
        "\"content_block_delta\"",
        "\"message_delta\"",
        "\"message_stop\"",
        "\"error\"",
        "\"tool_use\"",
        "\"input_json_delta\"",
        "\"text_delta\"",
        "\"index\"",
        "\"usage\"",
        "\"input_tokens\"",
        "\"output_tokens\"",
        "\"cache_read_input_tokens\"",
        "\"cache_creation_input_tokens\"",
        "\"stop_reason\"",
        "\"content\"",
        "1e400"
    })
    @MethodSource("recorded")
    @FuzzTest(maxDuration = "10s")
    void anyAnswer(byte[] body) {
        ProviderAnswers.hold(new AnthropicProtocol(), body);
    }

    static Stream<byte[]> recorded() {
        return ProviderAnswers.recorded(
                "anthropic/message-response.json",
                "anthropic/stream-tool-use.sse",
                "anthropic/stream-cut.sse",
                "anthropic/stream-overloaded.sse");
    }
}
