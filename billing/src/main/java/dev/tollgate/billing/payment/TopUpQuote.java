package dev.tollgate.billing.payment;

import java.math.BigDecimal;

/**
 * What a top-up costs: the credits bought and the platform fee on them, both USD with two decimals.
 */
public record TopUpQuote(BigDecimal credits, BigDecimal fee) {

    public BigDecimal total() {
        return credits.add(fee);
    }

    /** An amount in Stripe's smallest unit of USD. */
    static long cents(BigDecimal usd) {
        return usd.movePointRight(2).longValueExact();
    }

    /** The amount Stripe reports in cents, as USD. */
    static BigDecimal usd(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
