package dev.tollgate.api.inference.boundary;

import dev.tollgate.api.inference.control.ChunkSink;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events to the caller. Writes come from the request thread (chunks) and the keep-alive ticker
 * (comments), so every write holds the lock; each is flushed at once, since a gateway that buffers a stream is no
 * stream. The response is committed with 200 on the first write: until then an error can still be a plain status.
 */
final class SseSink implements ChunkSink {

    private static final byte[] KEEP_ALIVE = ": OPENROUTER PROCESSING\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServletResponse response;
    private ServletOutputStream out;
    private long lastWriteNanos = System.nanoTime();
    private boolean closed;

    SseSink(HttpServletResponse response) {
        this.response = response;
    }

    @Override
    public synchronized boolean committed() {
        return out != null;
    }

    @Override
    public synchronized void send(JsonObject chunk) throws IOException {
        write(DATA, WireJson.bytes(chunk), END_OF_EVENT);
    }

    @Override
    public synchronized void done() throws IOException {
        write(DONE);
    }

    /** A keep-alive comment, if nothing was written for {@code idleNanos}; the caller's absence shows here. */
    synchronized void keepAlive(long idleNanos) throws IOException {
        if (!closed && System.nanoTime() - lastWriteNanos >= idleNanos) {
            write(KEEP_ALIVE);
        }
    }

    /** No write after this: the response belongs to the container again once the servlet returns. */
    synchronized void close() {
        closed = true;
    }

    private void write(byte[]... parts) throws IOException {
        if (closed) {
            throw new IOException("the stream is closed");
        }
        if (out == null) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/event-stream;charset=UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            // Tells nginx-like proxies in front of Tollgate not to buffer the stream either.
            response.setHeader("X-Accel-Buffering", "no");
            out = response.getOutputStream();
        }
        for (byte[] part : parts) {
            out.write(part);
        }
        out.flush();
        lastWriteNanos = System.nanoTime();
    }
}
