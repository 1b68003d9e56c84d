package dev.tollgate.db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    void replicasStartingTogetherOnANewDatabaseMigrateOneAfterAnother() throws Exception {
        DataSource database = freshDatabase();
        ExecutorService replicas = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                started.add(replicas.submit(() -> Migrations.apply(database)));
            }
            for (Future<?> replica : started) {
                replica.get(120, TimeUnit.SECONDS); // rethrows a replica's MigrationException
            }
        } finally {
            replicas.shutdownNow();
        }
        assertEquals(1, count(database, "SELECT count(*) FROM databasechangelog WHERE id = '0001-installation'"));
        assertEquals(1, count(database, "SELECT count(*) FROM installation"));
    }

    @Test
    void aReplicaWaitsWhileAnotherMigrates() throws Exception {
        DataSource database = freshDatabase();
        ExecutorService replica = Executors.newSingleThreadExecutor();
        try (Connection other = database.getConnection();
                Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + Migrations.LOCK + ")");
            Future<?> migrating = replica.submit(() -> Migrations.apply(database));
            // Bounded: until PostgreSQL shows the replica waiting for the lock.
            for (int i = 0; i < 600 && waitingForTheLock(database) == 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(1, waitingForTheLock(database), "the replica waits for the one that migrates");
            assertEquals(0, count(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'databasechangelog'"));
            statement.execute("SELECT pg_advisory_unlock(" + Migrations.LOCK + ")");
            migrating.get(120, TimeUnit.SECONDS);
        } finally {
            replica.shutdownNow();
        }
        assertEquals(1, count(database, "SELECT count(*) FROM installation"));
    }

    private static int waitingForTheLock(DataSource database) throws SQLException {
        return count(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
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
