package dev.tollgate.routing.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reading an HTTP body whole, with a limit, for a request or an answer small enough to hold in memory. */
public final class BodyBytes {

    /**
     * The largest body read into an array of its declared size before its bytes arrive; a larger one grows as it
     * comes, so that a sender cannot make us hold memory for bytes it never sends.
     */
    static final int PRESIZED_AT_MOST = 256 * 1024;

    private BodyBytes() {}

    /**
     * The body, or its first {@code limit + 1} bytes when it is longer than {@code limit}: the caller tells a body over
     * the limit by its length. A body of a declared length (its {@code Content-Length}, which the HTTP layer below
     * holds the stream to) of up to {@link #PRESIZED_AT_MOST} is read straight into an array of that size; {@link
     * InputStream#readNBytes(int)} reads through 8 KB buffers and copies, which was a sixth of what a call allocated
     * (bench/RESULTS.md, "Allocation per call, the one-connection floor, and checkpoints").
     *
     * @param declaredLength the body's declared length, or a negative number when it has none (chunked)
     */
    public static byte[] readUpTo(InputStream in, long declaredLength, int limit) throws IOException {
        if (declaredLength < 0 || declaredLength > Math.min(limit, PRESIZED_AT_MOST)) {
            return in.readNBytes(limit + 1);
        }
        byte[] body = new byte[(int) declaredLength];
        int read = in.readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read);
    }
}
