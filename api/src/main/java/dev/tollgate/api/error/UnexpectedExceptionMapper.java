package dev.tollgate.api.error;

import dev.tollgate.db.DatabaseOutage;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A failure nobody anticipated: logged in full under a reference, answered with the reference only, so that no
 * stack trace or internal detail ever reaches a client. A failure because the database is away is no defect: it is
 * answered 503, telling the caller to retry ({@link DatabaseOutage}).
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Exception exception) {
        if (DatabaseOutage.explains(exception)) {
            LOG.warning("answered 503, the database is away: " + exception);
            return ErrorEnvelope.builder(503, DatabaseOutage.MESSAGE)
                    .header("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS)
                    .build();
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected failure, reference " + reference, exception);
        return ErrorEnvelope.response(500, "Internal Server Error (reference " + reference + ")");
    }
}
