package dev.tollgate.api.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own refusals (unknown path, wrong method, unreadable body) in OpenRouter's envelope. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        String message = switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 415 -> "Unsupported Media Type: send application/json";
            default -> status < 500 ? "Bad Request" : original.getStatusInfo().getReasonPhrase();
        };
        Response.ResponseBuilder response = ErrorEnvelope.builder(status, message);
        original.getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }
}
