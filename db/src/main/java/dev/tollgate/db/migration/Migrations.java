package dev.tollgate.db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/** Brings the schema up to date with the changelog, once per start, before anything else uses the database. */
public final class Migrations {

    public static final String CHANGELOG = "db/changelog/db.changelog-master.xml";

    /** The key of the PostgreSQL advisory lock that migrating replicas take in turn ("tollgate" in ASCII). */
    static final long LOCK = 0x746f6c6c67617465L;

    private Migrations() {}

    /**
     * Applies every changeset not yet applied, one replica at a time. Liquibase's own lock table is not enough: on a
     * new database each of two replicas starting together creates the {@code databasechangelog} table before it
     * takes that lock, and the second fails with "relation already exists" (seen in TwoReplicasIT). So the whole
     * update runs under a session advisory lock of this database, which the next replica waits for and then finds
     * nothing left to do.
     *
     * @throws MigrationException when a changeset fails; what ran before it in the same changeset is rolled back
     */
    public static void apply(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            advisoryLock(connection, "pg_advisory_lock");
            try {
                update(connection);
            } finally {
                unlock(connection);
            }
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to run migrations: " + e.getMessage(), e);
        }
    }

    private static void advisoryLock(Connection connection, String function) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT " + function + "(" + LOCK + ")");
        }
    }

    /**
     * Gives the lock back. A failed changeset may leave the session in an aborted transaction; a connection that
     * cannot give it back is thrown away, since its session would keep the lock from the next replica.
     */
    private static void unlock(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            advisoryLock(connection, "pg_advisory_unlock");
        } catch (SQLException e) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                // Closed either way: the session and its lock end with it.
            }
        }
    }

    private static void update(Connection connection) {
        try {
            Database database =
                    DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Map<String, Object> scope = Map.of(
                    Scope.Attr.resourceAccessor.name(),
                    new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()),
                    Scope.Attr.ui.name(),
                    new LoggerUIService(),
                    // Liquibase would otherwise try to send usage analytics to the internet.
                    "liquibase.analytics.enabled",
                    false,
                    "liquibase.showBanner",
                    false);
            Scope.child(
                    scope,
                    () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                            .execute());
        } catch (Exception e) {
            throw new MigrationException(rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null
                ? root.getClass().getSimpleName()
                : root.getMessage().strip();
    }
}
