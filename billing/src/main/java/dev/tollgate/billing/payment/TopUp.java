package dev.tollgate.billing.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One Checkout session that buys credits, as stored when it was created: what it buys is decided here, never by the
 * webhook. Changes make a new value; {@link TopUps} stores it.
 *
 * @param refundedCredits how much of the credits refunds took back so far
 */
public record TopUp(
        String sessionId,
        UUID organizationId,
        TopUpQuote quote,
        TopUpStatus status,
        Optional<String> paymentIntentId,
        BigDecimal refundedCredits,
        Instant createdAt,
        Optional<Instant> fulfilledAt,
        Optional<Instant> refundedAt) {

    TopUp paid(Optional<String> paymentIntent, Instant at) {
        return new TopUp(
                sessionId,
                organizationId,
                quote,
                TopUpStatus.PAID,
                paymentIntent,
                refundedCredits,
                createdAt,
                Optional.of(at),
                refundedAt);
    }

    TopUp closed(TopUpStatus closedAs) {
        return new TopUp(
                sessionId,
                organizationId,
                quote,
                closedAs,
                paymentIntentId,
                refundedCredits,
                createdAt,
                fulfilledAt,
                refundedAt);
    }

    /** Refunds have taken back {@code credits} in all. */
    TopUp refunded(BigDecimal credits, Instant at) {
        return new TopUp(
                sessionId,
                organizationId,
                quote,
                credits.compareTo(quote.credits()) >= 0 ? TopUpStatus.REFUNDED : TopUpStatus.PARTIALLY_REFUNDED,
                paymentIntentId,
                credits,
                createdAt,
                fulfilledAt,
                Optional.of(at));
    }

    TopUp refundedOutsideWindow(Instant at) {
        return new TopUp(
                sessionId,
                organizationId,
                quote,
                TopUpStatus.REFUND_OUTSIDE_WINDOW,
                paymentIntentId,
                refundedCredits,
                createdAt,
                fulfilledAt,
                Optional.of(at));
    }
}
