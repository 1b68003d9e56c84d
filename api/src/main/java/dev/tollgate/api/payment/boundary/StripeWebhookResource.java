package dev.tollgate.api.payment.boundary;

import dev.tollgate.billing.payment.TopUpFulfilment;
import dev.tollgate.billing.payment.TopUpOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/stripe/webhook}: Stripe's event deliveries. The body is taken as bytes, untouched by any JSON
 * reader, because the signature covers it byte for byte. Every verified event is answered 200 (an event top-ups do
 * not use too), so Stripe stops redelivering it; a bad signature is a 400 and changes nothing.
 */
@Path("stripe/webhook")
@ApplicationScoped
@Tag(name = "Credits")
public class StripeWebhookResource {

    @Inject
    TopUpFulfilment fulfilment;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Stripe's webhook, signed with STRIPE_WEBHOOK_SECRET: checkout.session.completed and"
                    + " checkout.session.async_payment_succeeded credit a top-up once; charge.refunded takes the"
                    + " credits back within the refund window")
    public Map<String, Object> receive(@HeaderParam("Stripe-Signature") String signature, byte[] body) {
        // Stripe sends UTF-8; decoding and re-encoding valid UTF-8 gives the same bytes the signature covers.
        TopUpOutcome outcome = fulfilment.receive(new String(body, StandardCharsets.UTF_8), signature);
        return Map.of("received", true, "outcome", outcome.wireName());
    }
}
