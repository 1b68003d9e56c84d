package dev.tollgate.api.error;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The body of every error response, as OpenRouter sends it: {@code {"error":{"code":404,"message":"…"}}}, with
 * optional {@code metadata}. The HTTP status equals {@code code}.
 */
public record ErrorEnvelope(ErrorBody error) {

    /**
     * @param metadata left out when there is none (a {@code @JsonbProperty} is not nillable, whatever the
     *     configuration's null values say), as OpenRouter leaves it out
     */
    public record ErrorBody(
            int code,
            String message,
            @JsonbProperty("metadata") Map<String, Object> metadata) {}

    public static Response response(int status, String message) {
        return builder(status, message).build();
    }

    public static Response.ResponseBuilder builder(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorEnvelope(new ErrorBody(status, message, null)));
    }
}
