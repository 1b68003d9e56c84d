package dev.tollgate.routing.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<SseEvent> read(String text) throws Exception {
        SseReader reader = new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        List<SseEvent> events = new ArrayList<>();
        Optional<SseEvent> event;
        while ((event = reader.next()).isPresent()) {
            events.add(event.get());
        }
        return events;
    }

    @Test
    void eventsCommentsAndLineEndingsOfEveryKind() throws Exception {
        List<SseEvent> events = read(": OPENROUTER PROCESSING\r\n\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\n"
                + "data: one\ndata: two\n\nid: 7\nretry: 10\ndata:three\r\r");
        assertEquals(
                List.of(
                        new SseEvent("message_start", "{\"a\":1}"),
                        new SseEvent("", "one\ntwo"),
                        new SseEvent("", "three")),
                events);
    }

    @Test
    void aLastEventWithoutItsBlankLineStillCounts() throws Exception {
        assertEquals(List.of(new SseEvent("", "[DONE]")), read("data: [DONE]"));
    }

    @Test
    void multiByteCharactersSplitAcrossReadsSurvive() throws Exception {
        String text = "data: " + "é".repeat(5000) + "🙂\n\n";
        assertEquals("é".repeat(5000) + "🙂", read(text).get(0).data());
    }
}
