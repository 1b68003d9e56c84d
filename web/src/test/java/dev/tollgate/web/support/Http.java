package dev.tollgate.web.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for tests, as any program calling Tollgate would use one. */
public final class Http {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    public static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A short chat completion of this model with this key, streamed or not, as the load of the fault tests sends it;
     * a call that gets no answer within {@code timeout} fails rather than hangs.
     */
    public static HttpRequest chatCompletion(URI base, String key, String model, boolean stream, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve("/api/v1/chat/completions"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me\"}]}"))
                .build();
    }

    /**
     * The generation's record ({@code data} of {@code GET /api/v1/generation}) as the key's organisation reads it,
     * once it is written: records are written in batches behind the answer, so until then the answer is 404 (any
     * other status fails at once), and a record not there {@code within} that time fails the test.
     */
    public static JsonObject recordedGeneration(URI base, String key, String id, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            HttpResponse<String> response = CLIENT.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/generation?id=" + id))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + key)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return json(response).getJsonObject("data");
            }
            assertEquals(404, response.statusCode(), response.body());
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("generation " + id + " was not recorded within " + within);
            }
            Thread.sleep(50);
        }
    }

    public static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
