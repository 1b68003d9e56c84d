package dev.tollgate.api.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A failure nobody anticipated: logged in full under a reference, answered with the reference only, so that no
 * stack trace or internal detail ever reaches a client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Exception exception) {
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected failure, reference " + reference, exception);
        return ErrorEnvelope.response(500, "Internal Server Error (reference " + reference + ")");
    }
}
