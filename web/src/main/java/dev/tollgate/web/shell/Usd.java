package dev.tollgate.web.shell;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * US dollars as the portal writes them: "$1,234.50"; amounts under a cent (what one call costs) keep their digits,
 * "$0.0001353", so that a small spend never reads as "$0.00".
 */
public final class Usd {

    private static final BigDecimal CENT = new BigDecimal("0.01");

    private Usd() {}

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
}
