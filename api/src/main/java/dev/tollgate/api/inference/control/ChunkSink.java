package dev.tollgate.api.inference.control;

import jakarta.json.JsonObject;
import java.io.IOException;

/** Where a stream's chunks go: the caller's connection. An {@link IOException} means the caller has gone. */
public interface ChunkSink {

    /** Whether the response has been committed (a keep-alive comment or a chunk was sent). */
    boolean committed();

    void send(JsonObject chunk) throws IOException;

    /** Ends the stream with {@code data: [DONE]}. */
    void done() throws IOException;
}
