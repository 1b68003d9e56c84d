package dev.tollgate.billing.payment;

import java.util.Locale;

/** What a webhook delivery did; every one of them is answered 200, so Stripe stops sending it. */
public enum TopUpOutcome {
    /** The credits and the fee were posted. */
    FULFILLED,
    /** A replay, or a concurrent delivery that lost the race: nothing more to do. */
    ALREADY_DONE,
    /** The session completed with a payment still under way (a bank debit); its success event fulfils it. */
    AWAITING_PAYMENT,
    /** The session expired or its payment failed. */
    CLOSED,
    /** A refund took credits back. */
    REFUNDED,
    /** A refund came after the refund window: recorded, credits untouched. */
    REFUND_OUTSIDE_WINDOW,
    /** Not a session of this Tollgate (another product on the same Stripe account, say). */
    UNKNOWN_SESSION,
    /** An event type top-ups do not use. */
    IGNORED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
