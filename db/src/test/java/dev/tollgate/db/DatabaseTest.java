package dev.tollgate.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's pool, on the embedded PostgreSQL. */
class DatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void itsConnectionsNeverCompileStatements() throws Exception {
        Map<String, String> values = Map.of("tollgate.data.dir", dataDir.toString());
        Database database = new Database();
        database.open(DatabaseSettings.from(key -> Optional.ofNullable(values.get(key))));
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet jit = statement.executeQuery("SHOW jit")) {
            jit.next();
            // On by default in PostgreSQL; a settlement compiled by LLVM took a thousand times its running time.
            assertEquals("off", jit.getString(1));
        } finally {
            database.close();
        }
    }
}
