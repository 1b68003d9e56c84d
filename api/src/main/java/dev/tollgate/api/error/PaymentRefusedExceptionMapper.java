package dev.tollgate.api.error;

import dev.tollgate.billing.payment.PaymentRefusedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A checkout or a webhook delivery refused: payments off, Stripe unreachable, a bad signature. */
@Provider
public class PaymentRefusedExceptionMapper implements ExceptionMapper<PaymentRefusedException> {

    @Override
    public Response toResponse(PaymentRefusedException exception) {
        return ErrorEnvelope.response(exception.status(), exception.getMessage());
    }
}
