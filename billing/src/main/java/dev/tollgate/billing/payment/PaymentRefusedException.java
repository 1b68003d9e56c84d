package dev.tollgate.billing.payment;

/**
 * A payment request or a webhook delivery refused, with the HTTP status that says why; the API answers it in
 * OpenRouter's envelope. Nothing was changed.
 */
public class PaymentRefusedException extends RuntimeException {

    private final int status;

    PaymentRefusedException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /**
     * Payments are not configured. 503, also for the webhook, so that Stripe keeps retrying deliveries an operator
     * sent before finishing the configuration (for up to three days) instead of losing them.
     */
    static PaymentRefusedException paymentsOff() {
        return new PaymentRefusedException(503, "Payments are off on this Tollgate: ask an operator to grant credits");
    }

    static PaymentRefusedException badSignature() {
        return new PaymentRefusedException(
                400,
                "Invalid Stripe-Signature: the event was not signed by Stripe for"
                        + " this endpoint, or it is older than five minutes");
    }

    static PaymentRefusedException unreadableEvent(String why) {
        return new PaymentRefusedException(400, "Unreadable Stripe event: " + why);
    }

    static PaymentRefusedException mismatch(String sessionId, String what) {
        return new PaymentRefusedException(
                400, "Checkout session " + sessionId + " does not match the top-up Tollgate stored: " + what);
    }

    static PaymentRefusedException stripeUnavailable() {
        return new PaymentRefusedException(502, "Stripe could not start the checkout; try again in a moment");
    }
}
