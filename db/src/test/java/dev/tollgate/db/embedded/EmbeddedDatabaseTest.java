package dev.tollgate.db.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsItsDataAcrossRestarts() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0);
                Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE note (text text)");
            statement.execute("INSERT INTO note VALUES ('written before the restart')");
        }
        assertTrue(
                Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION")),
                "the cluster lives in the data folder");

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0);
                Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet note = statement.executeQuery("SELECT text FROM note")) {
            assertTrue(note.next());
            assertEquals("written before the restart", note.getString(1));
        }
    }

    @Test
    void shutsItsServerDownCleanlyWhenClosed() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0);
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        assertTrue(Files.exists(pidFile), "a running server holds its pid file");

        database.close();

        // PostgreSQL removes its pid file only at the end of a clean shutdown.
        assertFalse(Files.exists(pidFile));
    }

    @Test
    void checkpointsByTimeAndCompressesPageImages() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0);
                Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet settings = statement.executeQuery("SELECT current_setting('max_wal_size'),"
                        + " current_setting('checkpoint_timeout'), current_setting('wal_compression')")) {
            assertTrue(settings.next());
            assertEquals("4GB", settings.getString(1));
            assertEquals("15min", settings.getString(2));
            assertEquals("pglz", settings.getString(3));
        }
    }

    private static Connection connect(EmbeddedDatabase database) throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
    }
}
