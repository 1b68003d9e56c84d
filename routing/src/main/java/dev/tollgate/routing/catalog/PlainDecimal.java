package dev.tollgate.routing.catalog;

import java.math.BigDecimal;

/**
 * An exact decimal in its shortest plain form: no trailing zeros and no exponent ({@code 0.00000015}, {@code 10},
 * never {@code 1.50E-7} or {@code 1E+1}). How prices, margins and limits are stored in memory and written out.
 */
public final class PlainDecimal {

    private PlainDecimal() {}

    /** The same value without trailing zeros or exponent; null stays null. */
    public static BigDecimal of(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** The value as a plain string ("0.0000015"); null stays null. */
    public static String text(BigDecimal value) {
        return value == null ? null : of(value).toPlainString();
    }
}
