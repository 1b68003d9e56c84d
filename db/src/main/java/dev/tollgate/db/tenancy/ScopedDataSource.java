package dev.tollgate.db.tenancy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The application's view of the pool: every connection it hands out works as the role {@value #ROLE} (which row-level
 * security applies to) in the current thread's {@link TenantScope}. Setting both costs a round trip, so it is done
 * only when a pooled connection last carried another scope; the common case (the hot path, always the platform) pays
 * nothing after a connection's first use.
 */
public final class ScopedDataSource implements DataSource {

    /** The database role the application works as; Liquibase 0016 creates it. */
    public static final String ROLE = "tollgate_app";

    private final DataSource pool;
    // Keyed by the physical connection, which outlives each checkout's proxy; weak, so the pool may retire it.
    private final Map<Connection, TenantScope> scopes = Collections.synchronizedMap(new WeakHashMap<>());

    public ScopedDataSource(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return scoped(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return scoped(pool.getConnection(username, password));
    }

    private Connection scoped(Connection connection) throws SQLException {
        TenantScope scope = TenantScope.current();
        try {
            Connection physical = connection.unwrap(Connection.class);
            if (scope.equals(scopes.get(physical))) {
                return connection;
            }
            // Session-level settings: inside an open transaction they would vanish on rollback, so only then
            // (the pool hands out connections in auto-commit) are they remembered.
            boolean remember = connection.getAutoCommit();
            try (PreparedStatement set = connection.prepareStatement("SELECT set_config('role', ?, false),"
                    + " set_config('tollgate.scope', ?, false), set_config('tollgate.organization', ?, false)")) {
                set.setString(1, ROLE);
                set.setString(2, scope.settingValue());
                set.setString(3, scope.organizationValue());
                set.execute();
            }
            if (remember) {
                scopes.put(physical, scope);
            } else {
                scopes.remove(physical);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
