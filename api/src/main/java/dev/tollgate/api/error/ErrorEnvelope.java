package dev.tollgate.api.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The body of every error response, as OpenRouter sends it: {@code {"error":{"code":404,"message":"…"}}}, with
 * optional {@code metadata}. The HTTP status equals {@code code}.
 */
public record ErrorEnvelope(ErrorBody error) {

    public record ErrorBody(int code, String message, Map<String, Object> metadata) {}

    public static Response response(int status, String message) {
        return builder(status, message).build();
    }

    public static Response.ResponseBuilder builder(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorEnvelope(new ErrorBody(status, message, null)));
    }
}
