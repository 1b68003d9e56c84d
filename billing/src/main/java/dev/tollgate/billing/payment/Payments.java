package dev.tollgate.billing.payment;

import com.stripe.StripeClient;
import dev.tollgate.db.InvalidSettingException;
import dev.tollgate.db.startup.StartupFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Whether this Tollgate takes payments, and its Stripe client. The settings are read once, at start-up, where an
 * unusable one ends the start; the portal asks {@link #enabled()} to say "payments are off" instead of offering a
 * checkout.
 */
@ApplicationScoped
public class Payments {

    private static final Logger LOG = Logger.getLogger(Payments.class.getName());

    @Inject
    Config config;

    @Inject
    StartupFailures failures;

    private volatile PaymentSettings settings;
    private volatile StripeClient stripe;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            PaymentSettings read = settings();
            LOG.info(
                    read.enabled()
                            ? "payments on: Stripe Checkout top-ups, " + read
                            : "payments off (no STRIPE_SECRET_KEY): operators grant credits");
        } catch (InvalidSettingException e) {
            failures.fail("invalid setting: " + e.getMessage());
        }
    }

    public boolean enabled() {
        return settings().enabled();
    }

    public PaymentSettings settings() {
        PaymentSettings read = settings;
        if (read == null) {
            synchronized (this) {
                if (settings == null) {
                    settings = PaymentSettings.from(config);
                }
                read = settings;
            }
        }
        return read;
    }

    /**
     * The settings of a Tollgate that takes payments.
     *
     * @throws PaymentRefusedException (503) when payments are off
     */
    public PaymentSettings requireEnabled() {
        PaymentSettings read = settings();
        if (!read.enabled()) {
            throw PaymentRefusedException.paymentsOff();
        }
        return read;
    }

    /** One client for the process: it pools its connections. Stripe's own retries are safe (idempotency keys). */
    StripeClient stripe() {
        StripeClient client = stripe;
        if (client == null) {
            synchronized (this) {
                if (stripe == null) {
                    PaymentSettings read = requireEnabled();
                    StripeClient.StripeClientBuilder builder = StripeClient.builder()
                            .setApiKey(read.secretKey().orElseThrow())
                            .setMaxNetworkRetries(2)
                            .setConnectTimeout(10_000)
                            .setReadTimeout(30_000);
                    read.apiBase().ifPresent(base -> builder.setApiBase(base.toString()));
                    stripe = builder.build();
                }
                client = stripe;
            }
        }
        return client;
    }
}
