package dev.tollgate.billing.payment;

import java.util.Locale;

/**
 * Where a top-up's Checkout session stands. Only {@link #OPEN} may be fulfilled; only a fulfilled one (paid or
 * refunded in part) may be refunded.
 */
public enum TopUpStatus {
    /** Created, not paid (yet). */
    OPEN,
    /** Paid and credited. */
    PAID,
    /** Stripe let the session expire unpaid. */
    EXPIRED,
    /** A delayed payment method (a bank debit) failed. */
    FAILED,
    /** Refunds took back part of the credits. */
    PARTIALLY_REFUNDED,
    /** Refunds took back all the credits. */
    REFUNDED,
    /** Stripe refunded after the refund window: the credits were left as they were, for an operator to decide. */
    REFUND_OUTSIDE_WINDOW;

    public boolean fulfilled() {
        return this == PAID || this == PARTIALLY_REFUNDED || this == REFUNDED || this == REFUND_OUTSIDE_WINDOW;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TopUpStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
