package dev.tollgate.web.activity;

import dev.tollgate.routing.catalog.PlainDecimal;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts in US dollars as people read them on the portal's pages. */
public final class Usd {

    private Usd() {}

    /** Exact, however small: what one generation cost ({@code $0.0000396}). */
    public static String exact(BigDecimal amount) {
        return sign(amount) + "$" + PlainDecimal.text(amount.abs());
    }

    /**
     * A sum or a balance at a glance: cents, or up to six decimals while smaller amounts would read as nothing
     * ({@code $12.35}, {@code $0.00004}). The exact figure stays in the page's detail and in the export.
     */
    public static String rounded(BigDecimal amount) {
        BigDecimal abs = amount.abs();
        BigDecimal shown = abs.compareTo(new BigDecimal("0.01")) >= 0 || abs.signum() == 0
                ? abs.setScale(2, RoundingMode.HALF_UP)
                : abs.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return sign(amount) + "$" + shown.toPlainString();
    }

    private static String sign(BigDecimal amount) {
        return amount.signum() < 0 ? "−" : "";
    }
}
