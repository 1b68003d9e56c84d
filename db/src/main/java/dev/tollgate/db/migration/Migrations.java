package dev.tollgate.db.migration;

import java.sql.Connection;
import java.sql.SQLException;
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

    private Migrations() {}

    /**
     * Applies every changeset not yet applied. Liquibase's lock table keeps two replicas starting together from
     * migrating at once.
     *
     * @throws MigrationException when a changeset fails; what ran before it in the same changeset is rolled back
     */
    public static void apply(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
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
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to run migrations: " + e.getMessage(), e);
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
