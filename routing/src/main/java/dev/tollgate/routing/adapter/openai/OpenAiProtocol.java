package dev.tollgate.routing.adapter.openai;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.ChatCompletion;
import dev.tollgate.routing.adapter.ChoiceNormalizer;
import dev.tollgate.routing.adapter.HttpProtocol;
import dev.tollgate.routing.adapter.StreamTranslator;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.UpstreamRequest;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

    /**
     * A completion needs its {@code choices}. A 200 whose body is an error object (some OpenAI-compatible servers and
     * proxies answer so) is that error; an object without choices is a broken answer. Either falls back, as the same
     * failure with its proper status would.
     */
    @Override
    public ChatCompletion completion(JsonObject answer) throws UpstreamFailure {
        Optional<JsonObject> error = WireJson.objectField(answer, "error");
        if (error.isPresent()) {
            throw reportedError(error.get());
        }
        if (!(answer.get("choices") instanceof JsonArray)) {
            throw new UpstreamFailure(
                    UpstreamFailure.Kind.INVALID_RESPONSE, 200, "the provider's answer has no choices");
        }
        TokenUsage usage = WireJson.objectField(answer, "usage")
                .map(TokenUsage::fromOpenAi)
                .orElse(TokenUsage.NONE);
        return new ChatCompletion(ChoiceNormalizer.normalize(answer), usage);
    }

    @Override
    public StreamTranslator streamTranslator() {
        return new OpenAiStreamTranslator();
    }

    /** An {@code error} object a provider sent in place of an answer or a chunk, classified by its {@code code}. */
    static UpstreamFailure reportedError(JsonObject error) {
        String message = WireJson.stringField(error, "message").orElse("the provider reported an error");
        int code = (int) WireJson.longField(error, "code");
        return UpstreamFailure.fromStatus(code >= 400 ? code : 502, message, Optional.empty());
    }
}
