package dev.tollgate.api.throttle.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Slows down guessing of API keys and operator tokens: a client address that presented {@code
 * tollgate.throttle.key-failures} (60) credentials that were refused within {@code
 * tollgate.throttle.key-window-seconds} (60) is refused for the rest of that window before any key is looked up, and
 * one WARN line names the address and the count (never what was presented). Counted per replica: a load balancer that
 * keeps an address on one replica (the compose file's {@code ip_hash}) makes that per address; a round-robin one
 * multiplies the allowance by the replicas.
 */
@ApplicationScoped
public class KeyGuessing {

    private static final Logger LOG = Logger.getLogger(KeyGuessing.class.getName());

    // Set last and read first: once it is seen, the others are too (the hot path takes no lock).
    private volatile FailureWindows failures;
    private ClientAddress addresses;

    /** For CDI: the settings from MicroProfile Config. */
    public KeyGuessing() {}

    /** For tests: settings and a clock of their own. */
    public KeyGuessing(FailureWindows failures, ClientAddress addresses) {
        this.failures = failures;
        this.addresses = addresses;
    }

    private void configure() {
        if (failures != null) {
            return;
        }
        synchronized (this) {
            if (failures != null) {
                return;
            }
            Config config = ConfigProvider.getConfig();
            addresses = ClientAddress.from(config);
            failures = FailureWindows.configured(
                    config,
                    "tollgate.throttle.key-failures",
                    60,
                    "tollgate.throttle.key-window-seconds",
                    60,
                    ChronoUnit.SECONDS,
                    Clock.systemUTC());
        }
    }

    /** The address to count a request against. */
    public String clientOf(String peer, List<String> forwardedFor) {
        configure();
        return addresses.of(peer, forwardedFor);
    }

    /** How long the address is still refused, or empty when it may present a key. */
    public Optional<Duration> refusedFor(String client) {
        configure();
        return failures.refusedFor(client);
    }

    /** Counts a refused credential of the address; logs once when that throttles it. */
    public void failed(String client) {
        configure();
        failures.failed(client)
                .ifPresent(throttled -> LOG.warning(() -> "Key guessing throttled: " + throttled.failures()
                        + " refused credentials from " + throttled.subject() + " within "
                        + throttled.window().toSeconds() + " s; its requests get 429 until " + throttled.until()));
    }
}
