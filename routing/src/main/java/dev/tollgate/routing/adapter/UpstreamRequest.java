package dev.tollgate.routing.adapter;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What a protocol wants sent: a POST of a JSON body to a URI with some headers. The transport decides how; the
 * protocols and their tests need no HTTP client to say what.
 */
public record UpstreamRequest(URI uri, Map<String, String> headers, byte[] body) {

    public UpstreamRequest {
        headers = Map.copyOf(headers);
    }

    public String method() {
        return "POST";
    }

    /** A header's value, whatever the case of its name. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // Headers hold credentials: never printed.
        return "UpstreamRequest[POST " + uri + "]";
    }
}
