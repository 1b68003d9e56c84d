package dev.tollgate.db.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.db.migration.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Row-level security as the application meets it: through {@link ScopedDataSource}, with queries that forget their
 * organisation filter on purpose. Two organisations, each with a key, a generation, a top-up and an invitation.
 */
class RowLevelSecurityTest {

    private static EmbeddedPostgres server;

    private DataSource owner;
    private ScopedDataSource application;
    private final UUID orgA = UUID.randomUUID();
    private final UUID orgB = UUID.randomUUID();
    private final java.util.Map<UUID, UUID> creditAccounts = new java.util.HashMap<>();
    private final UUID marginAccount = UUID.randomUUID();

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void twoOrganisations() throws SQLException {
        String name = "rls_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + name);
        database.setUser("postgres");
        Migrations.apply(database);
        owner = database;
        application = new ScopedDataSource(database);
        for (UUID org : List.of(orgA, orgB)) {
            UUID account = UUID.randomUUID();
            execute("INSERT INTO organization (id, name) VALUES (?, 'org')", org);
            execute("INSERT INTO account (id, email, password_hash) VALUES (?, ?, 'x')", account, account + "@test");
            execute("INSERT INTO membership (organization_id, account_id, role) VALUES (?, ?, 'owner')", org, account);
            execute(
                    "INSERT INTO api_key (id, organization_id, hash, label, name, management) VALUES (?, ?, ?, 'l',"
                            + " 'n', false)",
                    UUID.randomUUID(),
                    org,
                    hex(org));
            execute(
                    "INSERT INTO invitation (id, organization_id, token_hash, role, invited_by, expires_at) VALUES"
                            + " (?, ?, ?, 'member', ?, now() + interval '1 day')",
                    UUID.randomUUID(),
                    org,
                    hex(account),
                    account);
            creditAccounts.put(org, UUID.randomUUID());
            execute(
                    "INSERT INTO ledger_account (id, kind, owner, debits_must_not_exceed_credits) VALUES (?,"
                            + " 'org_credits', ?, true)",
                    creditAccounts.get(org),
                    org.toString());
        }
        execute(
                "INSERT INTO ledger_account (id, kind, owner, debits_must_not_exceed_credits) VALUES (?,"
                        + " 'margin_revenue', 'platform', false)",
                marginAccount);
    }

    @Test
    void aTenantSeesOnlyTheTransfersOfItsOwnAccounts() throws SQLException {
        for (UUID org : List.of(orgA, orgB)) {
            execute(
                    "INSERT INTO ledger_transfer (id, debit_account, credit_account, amount, code, reference, state)"
                            + " VALUES (?, ?, ?, 1, 'call_margin', ?, 'posted')",
                    UUID.randomUUID(),
                    creditAccounts.get(org),
                    marginAccount,
                    org.toString());
        }
        String references = "SELECT reference FROM ledger_transfer";
        try (TenantScope.Opened ignored = TenantScope.tenant(orgA).open()) {
            assertEquals(List.of(orgA.toString()), strings(references));
        }
        try (TenantScope.Opened ignored = TenantScope.nobody().open()) {
            assertEquals(List.of(), strings(references));
        }
        assertEquals(2, strings(references).size(), "the platform settles and reports over every transfer");
    }

    @Test
    void aTenantSeesOnlyItsOwnRowsEvenWhenTheQueryForgetsItsFilter() throws SQLException {
        try (TenantScope.Opened ignored = TenantScope.tenant(orgA).open()) {
            for (String table : List.of("organization", "membership", "api_key", "invitation")) {
                assertEquals(List.of(orgA), organizations(table), table);
            }
            assertEquals(List.of(orgA.toString()), strings("SELECT owner FROM ledger_account"));
        }
        try (TenantScope.Opened ignored = TenantScope.tenant(orgB).open()) {
            assertEquals(List.of(orgB), organizations("api_key"));
        }
    }

    @Test
    void aTenantCannotWriteIntoAnotherOrganisation() throws SQLException {
        try (TenantScope.Opened ignored = TenantScope.tenant(orgA).open()) {
            SQLException refused = assertThrows(
                    SQLException.class,
                    () -> execute(
                            application,
                            "INSERT INTO api_key (id, organization_id, hash, label, name,"
                                    + " management) VALUES (?, ?, ?, 'l', 'n', true)",
                            UUID.randomUUID(),
                            orgB,
                            hex(UUID.randomUUID())));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
            assertEquals(0, update("UPDATE api_key SET disabled = true WHERE organization_id = ?", orgB));
            assertEquals(0, update("DELETE FROM invitation WHERE organization_id = ?", orgB));
        }
        try (Connection connection = owner.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM api_key WHERE organization_id = ? AND NOT disabled")) {
            query.setObject(1, orgB);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertEquals(1, rows.getInt(1));
            }
        }
    }

    @Test
    void nobodySeesNoTenantRowAndThePlatformSeesAll() throws SQLException {
        try (TenantScope.Opened ignored = TenantScope.nobody().open()) {
            assertEquals(List.of(), organizations("api_key"));
            assertEquals(List.of(), strings("SELECT owner FROM ledger_account"));
        }
        assertEquals(2, organizations("api_key").size());
        assertEquals(3, strings("SELECT owner FROM ledger_account").size());
    }

    @Test
    void theApplicationRoleCannotLeaveItsScopeOrBypassTheRules() throws SQLException {
        try (TenantScope.Opened ignored = TenantScope.tenant(orgA).open();
                Connection connection = application.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT current_user, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user")) {
                rows.next();
                assertEquals(ScopedDataSource.ROLE, rows.getString(1));
                assertFalse(rows.getBoolean(2));
                assertFalse(rows.getBoolean(3));
            }
            SQLException refused = assertThrows(
                    SQLException.class, () -> statement.execute("ALTER TABLE api_key DISABLE ROW LEVEL" + " SECURITY"));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
        }
    }

    @Test
    void aPooledConnectionCarriesTheScopeOfEachCheckout() throws SQLException {
        // One physical connection reused across scopes, as the pool does.
        Connection physical = owner.getConnection();
        DataSource single = new SingleConnection(physical);
        ScopedDataSource scoped = new ScopedDataSource(single);
        try (TenantScope.Opened ignored = TenantScope.tenant(orgA).open()) {
            assertEquals(List.of(orgA), organizations(scoped, "api_key"));
        }
        try (TenantScope.Opened ignored = TenantScope.tenant(orgB).open()) {
            assertEquals(List.of(orgB), organizations(scoped, "api_key"));
        }
        assertEquals(2, organizations(scoped, "api_key").size());
        physical.close();
    }

    private List<UUID> organizations(String table) throws SQLException {
        return organizations(application, table);
    }

    private static List<UUID> organizations(DataSource source, String table) throws SQLException {
        String column = table.equals("organization") ? "id" : "organization_id";
        List<UUID> found = new ArrayList<>();
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + column + " FROM " + table)) {
            while (rows.next()) {
                found.add(rows.getObject(1, UUID.class));
            }
        }
        return found;
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = application.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }

    private int update(String sql, Object... parameters) throws SQLException {
        return execute(application, sql, parameters);
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        execute(owner, sql, parameters);
    }

    private static int execute(DataSource source, String sql, Object... parameters) throws SQLException {
        try (Connection connection = source.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static String hex(UUID seed) {
        String digits = (seed.toString() + seed).replace("-", "");
        return digits.substring(0, 64);
    }

    /** A data source that hands out one connection again and again, closing nothing, like a pool of one. */
    private record SingleConnection(Connection connection) implements DataSource {
        @Override
        public Connection getConnection() {
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        if (method.getName().equals("unwrap")) {
                            return connection;
                        }
                        return method.invoke(connection, args);
                    });
        }

        @Override
        public Connection getConnection(String user, String password) {
            return getConnection();
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
