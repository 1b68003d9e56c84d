package dev.tollgate.api.throttle.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Slows down password guessing at the portal's and the console's sign-in: per e-mail, {@code
 * tollgate.accounts.lockout-failures} (5) failures within {@code tollgate.accounts.lockout-minutes} (15) refuse that
 * e-mail for the rest of the window, whether an account has it or not (so that a lock does not tell which e-mails
 * exist); per client address, {@code tollgate.throttle.sign-in-failures} (20) failures within {@code
 * tollgate.throttle.sign-in-window-minutes} (15) refuse the address, whichever e-mails it tries. One WARN line names
 * each throttled e-mail or address and the count; never a password. Counted per replica (the built-in account's own
 * lock, in the database, holds across replicas).
 */
@ApplicationScoped
public class SignInGuessing {

    private static final Logger LOG = Logger.getLogger(SignInGuessing.class.getName());
    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    // Set last and read first: once it is seen, the others are too (the hot path takes no lock).
    private volatile FailureWindows perAccount;
    private FailureWindows perAddress;
    private ClientAddress addresses;
    private Clock clock = Clock.systemUTC();

    /** For CDI: the settings from MicroProfile Config. */
    public SignInGuessing() {}

    /** For tests: windows and a clock of their own. */
    public SignInGuessing(FailureWindows perAccount, FailureWindows perAddress, ClientAddress addresses, Clock clock) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.addresses = addresses;
        this.clock = clock;
    }

    private void configure() {
        if (perAccount != null) {
            return;
        }
        synchronized (this) {
            if (perAccount != null) {
                return;
            }
            Config config = ConfigProvider.getConfig();
            addresses = ClientAddress.from(config);
            perAddress = FailureWindows.configured(
                    config,
                    "tollgate.throttle.sign-in-failures",
                    20,
                    "tollgate.throttle.sign-in-window-minutes",
                    15,
                    ChronoUnit.MINUTES,
                    clock);
            perAccount = FailureWindows.configured(
                    config,
                    "tollgate.accounts.lockout-failures",
                    5,
                    "tollgate.accounts.lockout-minutes",
                    15,
                    ChronoUnit.MINUTES,
                    clock);
        }
    }

    /** The address to count a sign-in against. */
    public String clientOf(String peer, List<String> forwardedFor) {
        configure();
        return addresses.of(peer, forwardedFor);
    }

    /**
     * What to tell the person when the e-mail (if the door has one) or the address may not try now.
     *
     * @param account the e-mail signed in with, lower case; empty at a door without accounts (the operator token)
     */
    public Optional<String> refusal(Optional<String> account, String client) {
        configure();
        Optional<Duration> wait = account.flatMap(perAccount::refusedFor);
        Optional<Duration> addressWait = perAddress.refusedFor(client);
        if (addressWait.isPresent() && (wait.isEmpty() || addressWait.get().compareTo(wait.get()) > 0)) {
            wait = addressWait;
        }
        return wait.map(left -> message(clock.instant().plus(left), clock.instant()));
    }

    /** "Too many failed sign-ins; try again in 15 minutes (locked until 10:15 UTC)." */
    public static String message(Instant until, Instant now) {
        long minutes = Math.max(1, (Duration.between(now, until).getSeconds() + 59) / 60);
        return "Too many failed sign-ins; try again in " + minutes + (minutes == 1 ? " minute" : " minutes")
                + " (locked until " + UNTIL.format(until) + ").";
    }

    /** Counts a failed sign-in; logs once per e-mail or address when that throttles it. */
    public void failed(Optional<String> account, String client) {
        configure();
        account.flatMap(perAccount::failed).ifPresent(throttled -> log("for " + throttled.subject(), throttled));
        perAddress.failed(client).ifPresent(throttled -> log("from " + throttled.subject(), throttled));
    }

    /** A success forgets the e-mail's failures (not the address's: one right password does not vouch for the rest). */
    public void succeeded(Optional<String> account) {
        configure();
        account.ifPresent(perAccount::forget);
    }

    private static void log(String who, FailureWindows.Throttled throttled) {
        LOG.warning(() -> "Sign-in guessing throttled: " + throttled.failures() + " failed sign-ins " + who + " within "
                + throttled.window().toMinutes() + " min; refused until " + throttled.until());
    }
}
