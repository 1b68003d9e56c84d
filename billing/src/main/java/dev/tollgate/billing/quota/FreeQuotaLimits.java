package dev.tollgate.billing.quota;

import java.math.BigDecimal;
import org.eclipse.microprofile.config.Config;

/**
 * The free-model limits (OpenRouter's: 20 a minute; 50 a day, or 1,000 once $10 of credits were bought).
 *
 * @param perMinute requests per organisation per minute
 * @param perDay requests per organisation per UTC day, before the organisation has bought credits
 * @param perDayPurchased requests per UTC day once it has bought at least {@code purchasedThreshold}
 * @param purchasedThreshold USD of credits bought (top-ups less their refunds; grants do not count)
 */
public record FreeQuotaLimits(int perMinute, int perDay, int perDayPurchased, BigDecimal purchasedThreshold) {

    public static final FreeQuotaLimits DEFAULTS = new FreeQuotaLimits(20, 50, 1000, new BigDecimal("10"));

    public FreeQuotaLimits {
        if (perMinute < 0 || perDay < 0 || perDayPurchased < 0) {
            throw new IllegalArgumentException("free-model limits must not be negative (0 refuses every request)");
        }
        if (purchasedThreshold.signum() < 0) {
            throw new IllegalArgumentException("the purchase threshold must not be negative");
        }
    }

    /**
     * {@code tollgate.free.per-minute}, {@code tollgate.free.per-day}, {@code tollgate.free.per-day-purchased},
     * {@code tollgate.free.purchased-threshold} (USD).
     */
    public static FreeQuotaLimits from(Config config) {
        return new FreeQuotaLimits(
                config.getOptionalValue("tollgate.free.per-minute", Integer.class)
                        .orElse(DEFAULTS.perMinute()),
                config.getOptionalValue("tollgate.free.per-day", Integer.class).orElse(DEFAULTS.perDay()),
                config.getOptionalValue("tollgate.free.per-day-purchased", Integer.class)
                        .orElse(DEFAULTS.perDayPurchased()),
                config.getOptionalValue("tollgate.free.purchased-threshold", String.class)
                        .map(BigDecimal::new)
                        .orElse(DEFAULTS.purchasedThreshold()));
    }
}
