package dev.tollgate.routing.adapter;

import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * A provider's answer once it has started: read whole ({@link #completion()}) or chunk by chunk
 * ({@link #nextChunk()}), depending on {@link ChatCall#stream()}. Closing it before the end cancels the upstream call
 * and releases its connection.
 */
public interface UpstreamReply extends AutoCloseable {

    /** The whole answer of a non-streaming call. */
    ChatCompletion completion() throws UpstreamFailure;

    /**
     * The next chunk of a streaming call in OpenAI's {@code chat.completion.chunk} shape (choices with deltas, and
     * once a chunk with {@code usage} and {@code choices: []}), or empty at the end. Blocks until one arrives.
     */
    Optional<JsonObject> nextChunk() throws UpstreamFailure;

    @Override
    void close();
}
