package dev.tollgate.routing.adapter;

import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.Map;

/** What differs between providers that speak over HTTP: the request, the answer's shape and the events. */
public interface HttpProtocol {

    /** The request to send. */
    UpstreamRequest request(RoutableEndpoint endpoint, ChatCall call);

    /** A whole answer in the provider's shape, as a chat completion. */
    ChatCompletion completion(JsonObject answer) throws UpstreamFailure;

    StreamTranslator streamTranslator();

    /** The human part of a provider's error body (its {@code error.message}), or the body itself. */
    default String errorMessage(String body) {
        try {
            JsonObject error = WireJson.parseObject(body);
            return WireJson.objectField(error, "error")
                    .flatMap(inner -> WireJson.stringField(inner, "message"))
                    .or(() -> WireJson.stringField(error, "message"))
                    .or(() -> WireJson.stringField(error, "error"))
                    .orElse(body);
        } catch (RuntimeException notJson) {
            return body;
        }
    }

    /** {@code base} + {@code path}, whether or not the operator ended the base URL with a slash. */
    static URI resolve(URI base, String path) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) + path : text + path);
    }

    static UpstreamRequest jsonPost(URI uri, JsonObject body, Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return new UpstreamRequest(uri, all, WireJson.bytes(body));
    }
}
