package dev.tollgate.api.error;

import jakarta.json.JsonException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body that is not a JSON object: 400, without echoing the parser's internals. */
@Provider
public class JsonExceptionMapper implements ExceptionMapper<JsonException> {

    @Override
    public Response toResponse(JsonException exception) {
        return ErrorEnvelope.response(400, "The request body must be a JSON object");
    }
}
