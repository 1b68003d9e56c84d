package dev.tollgate.api.error;

import dev.tollgate.admin.RefusedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every refusal of the administration, with its own status and message. */
@Provider
public class RefusedExceptionMapper implements ExceptionMapper<RefusedException> {

    @Override
    public Response toResponse(RefusedException exception) {
        return ErrorEnvelope.response(exception.status(), exception.getMessage());
    }
}
