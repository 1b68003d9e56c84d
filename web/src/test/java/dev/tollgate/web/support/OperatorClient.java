package dev.tollgate.web.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The operator API as an operator's script calls it: JSON over HTTP with a bearer token. */
public final class OperatorClient {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    public OperatorClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** An answer: its status and its JSON body (or an empty object when it has none). */
    public record Answer(int status, JsonObject body, String raw) {

        public String errorMessage() {
            return body.getJsonObject("error").getString("message");
        }
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST with extra headers, as name and value pairs. */
    public Answer post(String path, String json, String... headers) throws IOException, InterruptedException {
        return send(request(path).headers(headers).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer patch(String path, String json) throws IOException, InterruptedException {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String raw = response.body();
        JsonObject body = raw.isBlank()
                ? JsonObject.EMPTY_JSON_OBJECT
                : Json.createReader(new StringReader(raw)).readObject();
        return new Answer(response.statusCode(), body, raw);
    }
}
