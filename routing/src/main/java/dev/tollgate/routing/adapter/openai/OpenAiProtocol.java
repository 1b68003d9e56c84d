package dev.tollgate.routing.adapter.openai;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.ChatCompletion;
import dev.tollgate.routing.adapter.ChoiceNormalizer;
import dev.tollgate.routing.adapter.HttpProtocol;
import dev.tollgate.routing.adapter.StreamTranslator;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.UpstreamRequest;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST {base}/chat/completions}, with {@code Authorization: Bearer} when the provider has a key. */
public final class OpenAiProtocol implements HttpProtocol {

    @Override
    public UpstreamRequest request(RoutableEndpoint endpoint, ChatCall call) {
        return HttpProtocol.jsonPost(
                HttpProtocol.resolve(endpoint.provider().baseUrl(), "/chat/completions"),
                body(endpoint.upstreamModel(), call),
                headers(endpoint, call));
    }

    static JsonObject body(String upstreamModel, ChatCall call) {
        JsonObjectBuilder body = WireJson.object(call.body()).add("model", upstreamModel);
        if (call.stream()) {
            // Usage arrives as a last chunk only when asked for; the bill depends on it.
            body.add("stream", true).add("stream_options", WireJson.object().add("include_usage", true));
        } else {
            body.remove("stream");
            body.remove("stream_options");
        }
        return body.build();
    }

    private static Map<String, String> headers(RoutableEndpoint endpoint, ChatCall call) {
        Map<String, String> headers = new LinkedHashMap<>();
        endpoint.provider().apiKey().ifPresent(key -> headers.put("Authorization", "Bearer " + key));
        headers.put("Accept", call.stream() ? "text/event-stream" : "application/json");
        return headers;
    }

    @Override
    public ChatCompletion completion(JsonObject answer) {
        TokenUsage usage = WireJson.objectField(answer, "usage")
                .map(TokenUsage::fromOpenAi)
                .orElse(TokenUsage.NONE);
        return new ChatCompletion(ChoiceNormalizer.normalize(answer), usage);
    }

    @Override
    public StreamTranslator streamTranslator() {
        return new OpenAiStreamTranslator();
    }
}
