package dev.tollgate.routing.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads server-sent events from a stream as they arrive, without buffering more than one event. Comments
 * ({@code : OPENROUTER PROCESSING}) and unknown fields are skipped; CR, LF and CRLF all end a line. A line longer
 * than the limit is a broken stream, not a reason to run out of memory.
 */
public final class SseReader {

    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private boolean lastWasCarriageReturn;
    private byte[] line = new byte[1024];

    public SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or empty when the stream ended. */
    public Optional<SseEvent> next() throws IOException {
        String event = "";
        StringBuilder data = null;
        while (true) {
            String text = readLine();
            if (text == null) {
                return data == null ? Optional.empty() : Optional.of(new SseEvent(event, data.toString()));
            }
            if (text.isEmpty()) {
                if (data != null) {
                    return Optional.of(new SseEvent(event, data.toString()));
                }
                event = "";
                continue;
            }
            if (text.charAt(0) == ':') {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            } else if (field.equals("event")) {
                event = value;
            }
        }
    }

    private String readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return length == 0 ? null : new String(line, 0, length, StandardCharsets.UTF_8);
                }
            }
            byte b = buffer[position++];
            if (b == '\n' && lastWasCarriageReturn) {
                lastWasCarriageReturn = false;
                continue;
            }
            lastWasCarriageReturn = b == '\r';
            if (b == '\n' || b == '\r') {
                return new String(line, 0, length, StandardCharsets.UTF_8);
            }
            if (length == line.length) {
                if (length >= MAX_LINE) {
                    throw new IOException("an event line is longer than " + MAX_LINE + " bytes");
                }
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = b;
        }
    }
}
