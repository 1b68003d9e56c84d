package dev.tollgate.api.payment.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RequestBody;
import dev.tollgate.api.key.boundary.ManagementKey;
import dev.tollgate.api.key.boundary.OrganizationKeyFilter;
import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.billing.payment.Checkout;
import dev.tollgate.billing.payment.Payments;
import dev.tollgate.billing.payment.TopUpFees;
import dev.tollgate.billing.payment.TopUpQuote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/credits/checkout}: an organisation's management key buys credits through Stripe Checkout. The
 * answer names the session and the page to pay on, with the credits, the platform fee and their total.
 */
@Path("v1/credits/checkout")
@ApplicationScoped
@ManagementKey
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Credits")
@SecurityRequirement(name = "apiKey")
public class CheckoutResource {

    @Inject
    Payments payments;

    @Inject
    Checkout checkout;

    /** Amounts in USD as strings with two decimals, so no client reads money into a double by accident. */
    public record CheckoutView(String sessionId, String url, String credits, String fee, String total) {}

    @POST
    @Operation(
            summary = "Buy credits: {\"amount\": \"20.00\"} USD of credits; pay the credits plus the platform fee on"
                    + " the page at url. The credits arrive when Stripe confirms the payment. 503 when this Tollgate"
                    + " takes no payments.")
    public CheckoutView start(@Context ContainerRequestContext request, JsonObject json) {
        // Said before anything about the body: no amount would help.
        payments.requireEnabled();
        BigDecimal amount = RequestBody.of(json)
                .allowOnly(Set.of("amount"))
                .decimal("amount")
                .orElseThrow(() -> new InvalidFieldException("amount", "is required: USD of credits, e.g. \"20.00\""));
        TopUpFees.amountProblem(amount).ifPresent(problem -> {
            throw new InvalidFieldException("amount", problem);
        });
        Checkout.Started started = checkout.start(caller(request).organizationId(), amount);
        TopUpQuote quote = started.quote();
        return new CheckoutView(
                started.sessionId(),
                started.url(),
                quote.credits().toPlainString(),
                quote.fee().toPlainString(),
                quote.total().toPlainString());
    }

    private static CallerKey caller(ContainerRequestContext request) {
        return OrganizationKeyFilter.caller(request);
    }
}
