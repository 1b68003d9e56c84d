package dev.tollgate.db;

import java.nio.file.Path;
import java.util.Optional;
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
 */
public record DatabaseSettings(
        Optional<String> externalUrl, String user, String password, Path dataDir, int embeddedPort, int poolSize) {

    /** Reads the settings from MicroProfile Config, where each key also answers to its environment variable. */
    public static DatabaseSettings from(Config config) {
        return new DatabaseSettings(
                config.getOptionalValue("tollgate.db.url", String.class).filter(url -> !url.isBlank()),
                config.getOptionalValue("tollgate.db.user", String.class).orElse("tollgate"),
                config.getOptionalValue("tollgate.db.password", String.class).orElse(""),
                Path.of(config.getOptionalValue("tollgate.data.dir", String.class)
                                .orElse("data"))
                        .toAbsolutePath(),
                config.getOptionalValue("tollgate.db.embedded.port", Integer.class)
                        .orElse(0),
                config.getOptionalValue("tollgate.db.pool.size", Integer.class).orElse(16));
    }

    public boolean embedded() {
        return externalUrl.isEmpty();
    }
}
