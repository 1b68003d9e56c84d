package dev.tollgate.web.reliability;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One hostile request of the corpus and the status it must be refused with: a method, a path (with its query), who
 * calls, extra headers, a body (raw bytes, so that it can be anything but UTF-8) and the expected 4xx. Written as one
 * line of the table in {@link BadInputCorpus}: {@code post(CHAT, INFERENCE, "{", 400)}.
 */
record BadRequest(
        String method,
        String path,
        Caller caller,
        Map<String, String> headers,
        byte[] body,
        boolean chunked,
        int status,
        String label) {

    /** Whose credentials go in {@code Authorization}; {@code NONE} sends none (or only what {@link #header} adds). */
    enum Caller {
        NONE,
        INFERENCE,
        MANAGEMENT,
        OPERATOR
    }

    static BadRequest of(String method, String path, Caller caller, byte[] body, int status) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return new BadRequest(method, path, caller, headers, body, false, status, null);
    }

    static BadRequest post(String path, Caller caller, String body, int status) {
        return of("POST", path, caller, utf8(body), status);
    }

    static BadRequest post(String path, Caller caller, byte[] body, int status) {
        return of("POST", path, caller, body, status);
    }

    static BadRequest get(String path, Caller caller, int status) {
        return of("GET", path, caller, null, status);
    }

    static BadRequest send(String method, String path, Caller caller, String body, int status) {
        return of(method, path, caller, body == null ? null : utf8(body), status);
    }

    /** The same request with one more header, or another value for it; a null value removes the header. */
    BadRequest header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        if (value == null) {
            more.remove(name);
        } else {
            more.put(name, value);
        }
        return new BadRequest(method, path, caller, more, body, chunked, status, label);
    }

    /** The body sent without a {@code Content-Length}, in chunks, so the server cannot refuse it by its length. */
    BadRequest inChunks() {
        return new BadRequest(method, path, caller, headers, body, true, status, label);
    }

    /** A name for a case whose body is too long or too strange to show. */
    BadRequest as(String name) {
        return new BadRequest(method, path, caller, headers, body, chunked, status, name);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String shown = label != null
                ? label
                : body == null ? "" : shorten(new String(body, StandardCharsets.UTF_8).replace('\0', '␀'), 70);
        return method + " " + shorten(path, 90) + " as " + caller
                + (headers.size() > (body == null ? 0 : 1) ? " " + headers.keySet() : "") + " " + shown + " → "
                + status;
    }

    private static String shorten(String text, int most) {
        return text.length() <= most ? text : text.substring(0, most) + "…(" + text.length() + ")";
    }
}
