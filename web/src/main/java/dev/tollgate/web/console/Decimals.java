package dev.tollgate.web.console;

import java.math.BigDecimal;

/** Prices as operators read and type them: USD per million tokens, exact, without trailing zeros. */
final class Decimals {

    private Decimals() {}

    static BigDecimal perMillion(BigDecimal perToken) {
        return perToken == null ? null : plain(perToken.movePointRight(6));
    }

    static BigDecimal perToken(BigDecimal perMillion) {
        return perMillion == null ? null : plain(perMillion.movePointLeft(6));
    }

    static String text(BigDecimal value) {
        return value == null ? "" : plain(value).toPlainString();
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
