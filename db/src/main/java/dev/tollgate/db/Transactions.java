package dev.tollgate.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC work in one transaction: committed when it returns, rolled back when it throws. The connection goes
 * back to the pool in auto-commit mode, as the pool handed it out.
 */
public final class Transactions {

    private Transactions() {}

    /** Work on one connection, inside the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T in(Connection connection) throws SQLException;
    }

    /**
     * @param what names the work in the message of an {@link IllegalStateException} that wraps a database failure
     */
    public static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.in(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }

    /** Runs one parameterised statement and says how many rows it changed. */
    public static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
