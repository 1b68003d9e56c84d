package dev.tollgate.billing.payment;

import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionCreateParams.LineItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts a top-up: a Stripe Checkout session in USD whose two line items show the credits and the platform fee
 * apart, and the {@code topup} row that fixes what the session buys. The payment page's address is handed out only
 * once the row is stored, so no session can be paid that Tollgate does not know.
 */
@ApplicationScoped
public class Checkout {

    private static final Logger LOG = Logger.getLogger(Checkout.class.getName());

    @Inject
    Payments payments;

    @Inject
    TopUps topUps;

    /** A session to send the customer to. */
    public record Started(String sessionId, String url, TopUpQuote quote) {}

    /**
     * @throws PaymentRefusedException 503 when payments are off, 502 when Stripe did not answer
     * @throws IllegalArgumentException when the amount is not one {@link TopUpFees#amountProblem} accepts
     */
    public Started start(UUID organizationId, BigDecimal credits) {
        PaymentSettings settings = payments.requireEnabled();
        TopUpQuote quote = settings.fees().quote(credits);
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setCurrency("usd")
                .setClientReferenceId(organizationId.toString())
                .putMetadata("organization_id", organizationId.toString())
                .putMetadata("credits", quote.credits().toPlainString())
                .putMetadata("fee", quote.fee().toPlainString())
                .setSuccessUrl(settings.successUrl())
                .setCancelUrl(settings.cancelUrl())
                .addLineItem(lineItem("Tollgate credits", "USD of credits for calls", quote.credits()));
        if (quote.fee().signum() > 0) {
            params.addLineItem(lineItem("Platform fee", "The fee on buying credits", quote.fee()));
        }
        Session session;
        try {
            session = payments.stripe().checkout().sessions().create(params.build());
        } catch (StripeException e) {
            LOG.log(Level.WARNING, "Stripe refused a checkout session for organisation " + organizationId, e);
            throw PaymentRefusedException.stripeUnavailable();
        }
        topUps.open(session.getId(), organizationId, quote);
        return new Started(session.getId(), session.getUrl(), quote);
    }

    private static LineItem lineItem(String name, String description, BigDecimal usd) {
        return LineItem.builder()
                .setQuantity(1L)
                .setPriceData(LineItem.PriceData.builder()
                        .setCurrency("usd")
                        .setUnitAmount(TopUpQuote.cents(usd))
                        .setProductData(LineItem.PriceData.ProductData.builder()
                                .setName(name)
                                .setDescription(description)
                                .build())
                        .build())
                .build();
    }
}
