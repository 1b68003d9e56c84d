package dev.tollgate.db;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Where Tollgate's PostgreSQL is. Without {@code TOLLGATE_DB_URL} an embedded PostgreSQL runs with its data under
 * {@code TOLLGATE_DATA_DIR}; with it, the external database at that JDBC URL is used and nothing is embedded.
 *
 * @param externalUrl JDBC URL of an external PostgreSQL, or empty for the embedded one
 * @param user user for the external database
 * @param password password for the external database
 * @param dataDir folder holding the embedded database's files (and, later, other local state)
 * @param embeddedPort TCP port of the embedded database on loopback; 0 picks a free one
 * @param poolSize most connections the pool opens
 * @param connectionTimeoutMillis how long a request waits for a connection before it is answered 503 (the database
 *     is away, or every connection is busy)
 */
public record DatabaseSettings(
        Optional<String> externalUrl,
        String user,
        String password,
        Path dataDir,
        int embeddedPort,
        int poolSize,
        int connectionTimeoutMillis) {

    /** The default wait for a connection: a database restarting for a moment is ridden over, an outage is not. */
    public static final int CONNECTION_TIMEOUT_MILLIS = 3_000;

    /** A password given as a parameter of the JDBC URL ({@code ?user=app&password=…}, or pgJDBC's sslpassword). */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&](?:ssl)?password=)[^&]*");

    /** Reads the settings from MicroProfile Config, where each key also answers to its environment variable. */
    public static DatabaseSettings from(Config config) {
        return from(key -> config.getOptionalValue(key, String.class));
    }

    /**
     * Reads the settings from a lookup of configuration keys ({@code tollgate.db.url} for
     * {@code TOLLGATE_DB_URL}).
     *
     * @throws InvalidSettingException naming the environment variable whose value is unusable
     */
    static DatabaseSettings from(Function<String, Optional<String>> setting) {
        Optional<String> url =
                setting.apply("tollgate.db.url").map(String::strip).filter(value -> !value.isEmpty());
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
            throw new InvalidSettingException(
                    "TOLLGATE_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), not '"
                            + shown(url.get()) + "'");
        }
        return new DatabaseSettings(
                url,
                setting.apply("tollgate.db.user").orElse("tollgate"),
                setting.apply("tollgate.db.password").orElse(""),
                folder(setting.apply("tollgate.data.dir").orElse("data")),
                wholeNumber(setting, "tollgate.db.embedded.port", 0, 0, 65535),
                wholeNumber(setting, "tollgate.db.pool.size", 16, 1, 1000),
                // HikariCP refuses less than 250 ms.
                wholeNumber(setting, "tollgate.db.connection-timeout-ms", CONNECTION_TIMEOUT_MILLIS, 250, 600_000));
    }

    /**
     * A JDBC URL as it may be shown in a message or a log: a password among its parameters is replaced by {@code ***}
     * (an operator may put it there instead of {@code TOLLGATE_DB_PASSWORD}).
     */
    public static String shown(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    /** Without the password: settings end up in messages and debuggers, the password must not. */
    @Override
    public String toString() {
        return "DatabaseSettings[" + externalUrl.map(DatabaseSettings::shown).orElse("embedded") + ", user " + user
                + ", password " + (password.isEmpty() ? "none" : "***") + ", data " + dataDir + ", pool " + poolSize
                + "]";
    }

    private static Path folder(String value) {
        try {
            return Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new InvalidSettingException("TOLLGATE_DATA_DIR is not a usable folder name: '" + value + "'");
        }
    }

    private static int wholeNumber(
            Function<String, Optional<String>> setting, String key, int fallback, int min, int max) {
        Optional<String> value = setting.apply(key).map(String::strip);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Said below, with the variable's name.
        }
        throw new InvalidSettingException(environmentVariable(key) + " must be a whole number from " + min + " to "
                + max + ", not '" + value.get() + "'");
    }

    private static String environmentVariable(String key) {
        // As MicroProfile Config maps it: every character other than a letter or digit becomes an underscore.
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    public boolean embedded() {
        return externalUrl.isEmpty();
    }
}
