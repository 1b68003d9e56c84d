package dev.tollgate.db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class MigrationsTest {

    private static EmbeddedPostgres server;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void appliesTheChangelogOnceHoweverOftenItRuns() throws Exception {
        DataSource database = freshDatabase();

        Migrations.apply(database);
        Migrations.apply(database);

        assertEquals(1, count(database, "SELECT count(*) FROM databasechangelog WHERE id = '0001-installation'"));
        assertEquals(1, count(database, "SELECT count(*) FROM installation"));
    }

    @Test
    void aFailingChangesetSaysWhyAndLeavesNoTrace() throws Exception {
        DataSource database = freshDatabase();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE installation (id text)");
        }

        MigrationException failure = assertThrows(MigrationException.class, () -> Migrations.apply(database));

        assertTrue(failure.getMessage().contains("\"installation\" already exists"), failure.getMessage());
        assertEquals(0, count(database, "SELECT count(*) FROM databasechangelog"));
    }

    private static DataSource freshDatabase() throws SQLException {
        String name = "migrations_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + name);
        database.setUser("postgres");
        return database;
    }

    private static int count(DataSource database, String query) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getInt(1);
        }
    }
}
