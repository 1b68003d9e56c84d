package dev.tollgate.web.console;

import dev.tollgate.routing.catalog.PlainDecimal;
import java.math.BigDecimal;

/** Prices as operators read and type them: USD per million tokens, exact, without trailing zeros. */
final class Decimals {

    private Decimals() {}

    static BigDecimal perMillion(BigDecimal perToken) {
        return perToken == null ? null : PlainDecimal.of(perToken.movePointRight(6));
    }

    static BigDecimal perToken(BigDecimal perMillion) {
        return perMillion == null ? null : PlainDecimal.of(perMillion.movePointLeft(6));
    }

    static String text(BigDecimal value) {
        return value == null ? "" : PlainDecimal.text(value);
    }
}
