package dev.tollgate.routing.catalog;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Which margin applies to an endpoint: its own if set, else its provider's, else the platform's default. Margins are
 * fractions of the cost price (0.05 = 5 %); the list price is cost × (1 + margin).
 */
public final class MarginPolicy {

    /** The widest margin an operator may set: 1000 %. Anything above is a typing error, not a price. */
    public static final BigDecimal MAXIMUM = BigDecimal.TEN;

    private MarginPolicy() {}

    public static BigDecimal resolve(
            Optional<BigDecimal> endpointMargin, Optional<BigDecimal> providerMargin, BigDecimal platformMargin) {
        return endpointMargin.or(() -> providerMargin).orElse(platformMargin);
    }

    public static boolean isSane(BigDecimal margin) {
        return margin.signum() >= 0 && margin.compareTo(MAXIMUM) <= 0;
    }
}
