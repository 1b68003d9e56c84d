package dev.tollgate.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void theDatabaseAwayIsRecognisedHoweverDeepItIsWrapped() {
        // HikariCP's answer when no connection could be had in time, as the ledger wraps it.
        assertTrue(DatabaseOutage.explains(new IllegalStateException(
                "cannot read account",
                new SQLTransientConnectionException("tollgate - Connection is not available", "08001"))));
        // A session cut by a fast shutdown, and a server that is starting or stopping.
        assertTrue(DatabaseOutage.explains(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(DatabaseOutage.explains(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseOutage.explains(new SQLException("An I/O error occurred", "08006")));
        assertTrue(DatabaseOutage.explains(new IllegalStateException(new ConnectException("Connection refused"))));
    }

    @Test
    void otherFailuresAreNotAnOutage() {
        assertFalse(DatabaseOutage.explains(new IllegalStateException("a defect")));
        assertFalse(DatabaseOutage.explains(new IllegalStateException(
                "insert", new SQLException("duplicate key value violates unique constraint", "23505"))));
        assertFalse(DatabaseOutage.explains(new SQLException("overdraft", "TGL01")));
        assertFalse(DatabaseOutage.explains(new SQLException("no state")));
    }
}
