package dev.tollgate.api.account.control;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * How built-in accounts behave. Each key also answers to its environment variable ({@code TOLLGATE_ACCOUNTS_...}).
 *
 * @param pbkdf2Iterations PBKDF2 iterations for new password hashes ({@code tollgate.accounts.pbkdf2-iterations})
 * @param lockoutFailures failed sign-ins in a row that lock an account ({@code tollgate.accounts.lockout-failures})
 * @param lockout how long such a lock lasts ({@code tollgate.accounts.lockout-minutes})
 * @param signUpOpen whether anyone may sign up ({@code tollgate.accounts.sign-up}: {@code open} or {@code closed})
 */
public record AccountSettings(int pbkdf2Iterations, int lockoutFailures, Duration lockout, boolean signUpOpen) {

    public static final AccountSettings DEFAULTS = new AccountSettings(210_000, 5, Duration.ofMinutes(15), true);

    public static AccountSettings from(Config config) {
        return from(key -> config.getOptionalValue(key, String.class));
    }

    static AccountSettings from(Function<String, Optional<String>> setting) {
        return new AccountSettings(
                whole(setting, "tollgate.accounts.pbkdf2-iterations", DEFAULTS.pbkdf2Iterations, 1000, 10_000_000),
                whole(setting, "tollgate.accounts.lockout-failures", DEFAULTS.lockoutFailures, 1, 1000),
                Duration.ofMinutes(whole(setting, "tollgate.accounts.lockout-minutes", 15, 1, 100_000)),
                !setting.apply("tollgate.accounts.sign-up")
                        .map(String::strip)
                        .orElse("open")
                        .equals("closed"));
    }

    private static int whole(Function<String, Optional<String>> setting, String key, int fallback, int min, int max) {
        Optional<String> value = setting.apply(key).map(String::strip).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new IllegalArgumentException(
                key.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT)
                        + " must be a whole number from " + min + " to " + max + ", not '" + value.get() + "'");
    }
}
