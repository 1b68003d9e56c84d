package dev.tollgate.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tollgate.db.embedded.EmbeddedDatabase;
import dev.tollgate.db.migration.Migrations;
import dev.tollgate.db.tenancy.ScopedDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The one connection pool of this process, to the embedded or the external PostgreSQL, opened and migrated once at
 * start-up by {@link dev.tollgate.db.startup.DatabaseStartup}. The pool is ours (HikariCP) rather than the
 * container's so that start-up order, failure messages and the hot path's connection cost are under our control.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private EmbeddedDatabase embedded;
    private HikariDataSource pool;
    private ScopedDataSource scoped;
    private volatile boolean migrated;

    /**
     * Starts the embedded server if no external one is configured, opens the pool and applies migrations.
     *
     * @throws DatabaseUnavailableException when the server cannot be started or reached
     * @throws dev.tollgate.db.migration.MigrationException when a migration fails
     */
    public synchronized void open(DatabaseSettings settings) {
        if (pool != null) {
            return;
        }
        String url;
        String user;
        String password;
        if (settings.embedded()) {
            try {
                embedded = EmbeddedDatabase.start(settings.dataDir(), settings.embeddedPort());
            } catch (IOException | RuntimeException e) {
                throw new DatabaseUnavailableException(
                        "embedded PostgreSQL did not start in " + settings.dataDir() + ": " + e.getMessage(), e);
            }
            url = embedded.jdbcUrl();
            user = EmbeddedDatabase.USER;
            password = "";
        } else {
            url = settings.externalUrl().orElseThrow();
            user = settings.user();
            password = settings.password();
        }
        pool = openPool(url, user, password, settings.poolSize(), settings.connectionTimeoutMillis());
        // Migrations as the configured user, who owns the schema; everything else as the application's role.
        Migrations.apply(pool);
        scoped = new ScopedDataSource(pool);
        migrated = true;
    }

    private static HikariDataSource openPool(
            String url, String user, String password, int size, int connectionTimeoutMillis) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("tollgate");
        // Named, not looked up in DriverManager: Payara unregisters drivers that deployment's temporary class
        // loader registered, and DriverManager does not look again.
        config.setDriverClassName(org.postgresql.Driver.class.getName());
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        // A database that is not there at start-up is a start-up failure, said quickly.
        config.setInitializationFailTimeout(10_000);
        // Once serving, a request waits this long for a connection, then is answered 503 (DatabaseOutage): a
        // database that is away must not hold callers, and the request threads they take, for long. The pool
        // itself reconnects: a connection that failed with a connection error is dropped, an idle one is checked
        // (isValid) before it is handed out, and new ones are opened as the database answers again.
        config.setConnectionTimeout(connectionTimeoutMillis);
        // No JIT compilation: PostgreSQL compiles a statement whose estimated cost passes jit_above_cost, and the
        // ledger's functions, planned once for groups of any size, pass it as their tables grow. On a PostgreSQL
        // built with LLVM (Debian's, unlike the embedded one) that cost 125 ms of compiling for each 0.1 ms
        // settlement (docs/decisions.md, "No JIT"). Every statement here is short; none gains from it.
        config.setConnectionInitSql("SET jit = off");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException(
                    "database unreachable at " + DatabaseSettings.shown(url) + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).strip();
    }

    /** Whether the schema is up to date, so that the application may serve. */
    public boolean isMigrated() {
        return migrated;
    }

    /** Whether a connection can be had and answers now. */
    public boolean isReachable() {
        if (pool == null) {
            return false;
        }
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The pool as the application uses it: as the role {@value ScopedDataSource#ROLE}, in the current thread's
     * {@link dev.tollgate.db.tenancy.TenantScope}.
     */
    @Produces
    public DataSource dataSource() {
        if (scoped == null) {
            throw new IllegalStateException("the database is not open yet");
        }
        return scoped;
    }

    @PreDestroy
    public synchronized void close() {
        migrated = false;
        if (pool != null) {
            pool.close();
            pool = null;
            scoped = null;
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "embedded PostgreSQL did not stop cleanly", e);
            }
            embedded = null;
        }
    }
}
