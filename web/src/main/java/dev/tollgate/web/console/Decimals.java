package dev.tollgate.web.console;

import dev.tollgate.routing.catalog.PlainDecimal;
import java.math.BigDecimal;

/**
 * Prices as operators read and type them: USD per million tokens, exact, without trailing zeros; and ledger amounts in
 * USD, exact.
 */
final class Decimals {

    private Decimals() {}

    static BigDecimal perMillion(BigDecimal perToken) {
        return perToken == null ? null : PlainDecimal.of(perToken.movePointRight(6));
    }

    static BigDecimal perToken(BigDecimal perMillion) {
        return perMillion == null ? null : PlainDecimal.of(perMillion.movePointLeft(6));
    }

    /** An amount in USD as operators read it: cents always shown, and every further digit the ledger holds. */
    static String usd(BigDecimal value) {
        BigDecimal exact = value.stripTrailingZeros().abs();
        return (value.signum() < 0 ? "-$" : "$")
                + exact.setScale(Math.max(2, exact.scale())).toPlainString();
    }

    static String text(BigDecimal value) {
        return value == null ? "" : PlainDecimal.text(value);
    }
}
