package dev.tollgate.web.models;

import dev.tollgate.routing.catalog.PlainDecimal;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * Prices as the catalog shows them: USD per million tokens, exact (the list price per token moved six places, never
 * rounded), and token counts with thousands separators.
 */
final class PerMillion {

    private PerMillion() {}

    static BigDecimal of(BigDecimal perToken) {
        return PlainDecimal.of(perToken.movePointRight(6));
    }

    /** {@code $1.05} for 0.00000105 per token. */
    static String dollars(BigDecimal perToken) {
        return "$" + PlainDecimal.text(of(perToken));
    }

    /** {@code 128,000}. */
    static String tokens(long count) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(count);
    }
}
