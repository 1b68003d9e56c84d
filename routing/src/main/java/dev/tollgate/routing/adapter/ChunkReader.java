package dev.tollgate.routing.adapter;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A provider's event stream as OpenAI chunks: events come off the body one at a time and go through the protocol's
 * {@link StreamTranslator}. Whatever breaks the protocol (a line too long, data that is not JSON or not the shape the
 * protocol promises, a count no provider could mean) ends as an {@link UpstreamFailure}, never as another exception,
 * so that a broken stream always ends with the error chunk and a settled hold.
 */
final class ChunkReader {

    private final SseReader events;
    private final StreamTranslator translator;
    private final Deque<JsonObject> pending = new ArrayDeque<>();
    private boolean ended;

    ChunkReader(InputStream body, StreamTranslator translator) {
        this.events = new SseReader(body);
        this.translator = translator;
    }

    /** The next chunk, or empty once the stream is over. */
    Optional<JsonObject> next() throws UpstreamFailure {
        while (pending.isEmpty() && !ended) {
            Optional<SseEvent> event;
            try {
                event = events.next();
            } catch (IOException e) {
                throw HttpProviderAdapter.broken(e);
            }
            try {
                if (event.isEmpty()) {
                    ended = true;
                    pending.addAll(translator.onEnd());
                } else {
                    pending.addAll(translator.onEvent(event.get()));
                    ended = translator.finished();
                }
            } catch (JsonException | ClassCastException e) {
                throw new UpstreamFailure(
                        UpstreamFailure.Kind.INVALID_RESPONSE,
                        200,
                        "the provider sent an event that is not valid JSON");
            }
        }
        return Optional.ofNullable(pending.poll());
    }

    /** Whether nothing more will be read: the protocol said the answer is complete, or the body ended. */
    boolean ended() {
        return ended;
    }
}
