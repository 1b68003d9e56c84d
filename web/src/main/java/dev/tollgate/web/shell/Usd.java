package dev.tollgate.web.shell;

import dev.tollgate.routing.catalog.PlainDecimal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * US dollars as the portal writes them. A balance or a sum reads in cents ("$1,234.50"); what one call costs keeps
 * enough digits that a small spend never reads as "$0.00".
 */
public final class Usd {

    private static final BigDecimal CENT = new BigDecimal("0.01");

    private Usd() {}

    /** Cents with thousands separators; under a cent, every digit ("$0.0001353"). */
    public static String text(BigDecimal amount) {
        if (amount == null) {
            return "—";
        }
        String sign = amount.signum() < 0 ? "-" : "";
        BigDecimal magnitude = amount.abs();
        if (magnitude.signum() != 0 && magnitude.compareTo(CENT) < 0) {
            return sign + "$" + magnitude.stripTrailingZeros().toPlainString();
        }
        DecimalFormat cents = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        return sign + "$" + cents.format(magnitude.setScale(2, RoundingMode.HALF_UP));
    }

    /** Exact, however small: what one generation cost ({@code $0.0000396}). */
    public static String exact(BigDecimal amount) {
        return sign(amount) + "$" + PlainDecimal.text(amount.abs());
    }

    /**
     * A sum at a glance: cents, or up to six decimals while smaller amounts would read as nothing ({@code $12.35},
     * {@code $0.00004}). The exact figure stays in the page's detail and in the export.
     */
    public static String rounded(BigDecimal amount) {
        BigDecimal abs = amount.abs();
        BigDecimal shown = abs.compareTo(CENT) >= 0 || abs.signum() == 0
                ? abs.setScale(2, RoundingMode.HALF_UP)
                : abs.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return sign(amount) + "$" + shown.toPlainString();
    }

    private static String sign(BigDecimal amount) {
        return amount.signum() < 0 ? "−" : "";
    }
}
