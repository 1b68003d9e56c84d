package dev.tollgate.billing.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The platform fee on a top-up: {@code rate} of the credits bought, at least {@code minimum}, in USD rounded half up
 * to the cent (what a customer working it out by hand expects: 5.5 % of $15.01 is $0.825 55, charged $0.83). Credits
 * are bought in whole cents, so the total is whole cents too, as Stripe charges.
 *
 * @param rate the share of the credits, from 0 to below 1 ({@code TOLLGATE_TOPUP_FEE_RATE}, 0.055)
 * @param minimum the least fee, whole cents ({@code TOLLGATE_TOPUP_FEE_MIN}, 0.80)
 */
public record TopUpFees(BigDecimal rate, BigDecimal minimum) {

    /** The largest single top-up: a slip of the keyboard should not charge a card a fortune. */
    public static final BigDecimal MAX_CREDITS = new BigDecimal("10000");

    public static final TopUpFees DEFAULTS = new TopUpFees(new BigDecimal("0.055"), new BigDecimal("0.80"));

    public TopUpFees {
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("the fee rate must be from 0 to below 1");
        }
        if (minimum.signum() < 0 || minimum.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("the fee minimum must be whole cents, not negative");
        }
    }

    /** What is wrong with an amount of credits to buy (USD), if anything, said as the end of "amount …". */
    public static Optional<String> amountProblem(BigDecimal credits) {
        if (credits.signum() <= 0 || credits.compareTo(MAX_CREDITS) > 0) {
            return Optional.of("must be more than 0 and at most " + MAX_CREDITS.toPlainString() + " USD of credits");
        }
        if (credits.stripTrailingZeros().scale() > 2) {
            return Optional.of("must be whole cents (at most 2 decimals), e.g. \"20.00\"");
        }
        return Optional.empty();
    }

    /**
     * The fee and total for buying {@code credits}.
     *
     * @throws IllegalArgumentException when {@link #amountProblem} finds something wrong
     */
    public TopUpQuote quote(BigDecimal credits) {
        amountProblem(credits).ifPresent(problem -> {
            throw new IllegalArgumentException("a top-up's amount " + problem);
        });
        BigDecimal fee =
                credits.multiply(rate).setScale(2, RoundingMode.HALF_UP).max(minimum);
        return new TopUpQuote(credits.setScale(2), fee.setScale(2));
    }
}
