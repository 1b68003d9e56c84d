package dev.tollgate.billing.payment;

import dev.tollgate.db.InvalidSettingException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * How this installation takes payments. Payments are on when both Stripe secrets are set; a secret key without a
 * webhook secret is refused at start-up, since checkouts would then take money that is never credited.
 *
 * @param secretKey {@code STRIPE_SECRET_KEY}: Stripe's API key ({@code sk_live_…}, {@code sk_test_…} or a restricted
 *     key)
 * @param webhookSecret {@code STRIPE_WEBHOOK_SECRET}: the signing secret of the webhook endpoint ({@code whsec_…})
 * @param apiBase {@code STRIPE_API_BASE}: another address for Stripe's API (a local fake in tests)
 * @param fees {@code TOLLGATE_TOPUP_FEE_RATE} and {@code TOLLGATE_TOPUP_FEE_MIN}
 * @param refundWindow {@code TOLLGATE_TOPUP_REFUND_WINDOW_HOURS}: a refund this long after the payment takes the
 *     credits back; a later one does not
 * @param publicUrl {@code TOLLGATE_PUBLIC_URL}: where browsers reach this Tollgate, for Stripe's way back; by default
 *     {@code http://localhost:<TOLLGATE_HTTP_PORT>}
 */
public record PaymentSettings(
        Optional<String> secretKey,
        Optional<String> webhookSecret,
        Optional<URI> apiBase,
        TopUpFees fees,
        Duration refundWindow,
        URI publicUrl) {

    public static final Duration DEFAULT_REFUND_WINDOW = Duration.ofHours(24);

    public boolean enabled() {
        return secretKey.isPresent() && webhookSecret.isPresent();
    }

    /** Where Stripe sends the customer after paying: the portal's return page, which waits for the credits. */
    public String successUrl() {
        return publicUrl + "/credits/return?session_id={CHECKOUT_SESSION_ID}";
    }

    /** Where Stripe sends a customer who gave up: back to the credits page, which says nothing was charged. */
    public String cancelUrl() {
        return publicUrl + "/credits?checkout=cancelled";
    }

    public static PaymentSettings from(Config config) {
        return from(key -> config.getOptionalValue(key, String.class));
    }

    /**
     * @throws InvalidSettingException naming the environment variable whose value is unusable
     */
    static PaymentSettings from(Function<String, Optional<String>> setting) {
        Optional<String> secretKey = text(setting, "stripe.secret.key");
        Optional<String> webhookSecret = text(setting, "stripe.webhook.secret");
        if (secretKey.isPresent() && webhookSecret.isEmpty()) {
            throw new InvalidSettingException("STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY: without it"
                    + " paid top-ups could never be credited");
        }
        TopUpFees fees;
        try {
            fees = new TopUpFees(
                    decimal(setting, "tollgate.topup.fee-rate").orElse(TopUpFees.DEFAULTS.rate()),
                    decimal(setting, "tollgate.topup.fee-min").orElse(TopUpFees.DEFAULTS.minimum()));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("TOLLGATE_TOPUP_FEE_RATE must be from 0 to below 1 (0.055 is 5.5 %) and"
                    + " TOLLGATE_TOPUP_FEE_MIN whole cents, not negative (0.80)");
        }
        Duration window = text(setting, "tollgate.topup.refund-window-hours")
                .map(hours -> refundWindow(hours))
                .orElse(DEFAULT_REFUND_WINDOW);
        URI publicUrl = text(setting, "tollgate.public-url")
                .map(value -> url("tollgate.public-url", value))
                // As the portal's sign-in reads it too: this machine, on the port the run script serves.
                .orElseGet(() -> URI.create("http://localhost:"
                        + text(setting, "tollgate.http-port").orElse("8080")));
        return new PaymentSettings(
                secretKey,
                webhookSecret,
                text(setting, "stripe.api.base").map(value -> url("stripe.api.base", value)),
                fees,
                window,
                publicUrl);
    }

    /** Never the secrets: a settings record ends up in logs. */
    @Override
    public String toString() {
        return "PaymentSettings[enabled=" + enabled() + ", apiBase=" + apiBase + ", fees=" + fees + ", refundWindow="
                + refundWindow + ", publicUrl=" + publicUrl + "]";
    }

    private static Optional<String> text(Function<String, Optional<String>> setting, String key) {
        return setting.apply(key).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static Optional<BigDecimal> decimal(Function<String, Optional<String>> setting, String key) {
        return text(setting, key).map(value -> {
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(
                        environmentVariable(key) + " must be a decimal number, not '" + value + "'");
            }
        });
    }

    private static Duration refundWindow(String hours) {
        try {
            long value = Long.parseLong(hours);
            if (value >= 0 && value <= 24 * 366) {
                return Duration.ofHours(value);
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new InvalidSettingException(
                "TOLLGATE_TOPUP_REFUND_WINDOW_HOURS must be whole hours from 0 to 8784, not '" + hours + "'");
    }

    /** An http(s) address without a trailing slash. */
    private static URI url(String key, String value) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Said below.
        }
        throw new InvalidSettingException(environmentVariable(key)
                + " must be an http(s) address such as https://tollgate.example.com, not '" + value + "'");
    }

    private static String environmentVariable(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
