package dev.tollgate.db.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.db.migration.Migrations;
import dev.tollgate.db.tenancy.ScopedDataSource;
import dev.tollgate.db.tenancy.TenantScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The audit log's table keeps what it was given, whoever asks otherwise: the application's role may add and read
 * rows, never change or remove them, and even the tables' owner (a superuser here) meets the trigger. Tenants add rows
 * of their own organisation and read none.
 */
class AuditLogTableTest {

    private static final String INSERT = "INSERT INTO audit_entry (actor_kind, actor_id, organization_id, action,"
            + " target, before, after) VALUES ('account', 'a', ?, 'key.update', 'key 1', '{\"disabled\": false}',"
            + " '{\"disabled\": true}')";

    private static EmbeddedPostgres server;

    private DataSource owner;
    private ScopedDataSource application;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void migrated() throws SQLException {
        String name = "audit_" + UUID.randomUUID().toString().replace("-", "");
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
    }

    @Test
    void theApplicationAppendsAndReadsButNeitherChangesNorRemoves() throws SQLException {
        UUID organization = UUID.randomUUID();
        assertEquals(1, execute(application, INSERT, organization));

        SQLException update = assertThrows(
                SQLException.class, () -> execute(application, "UPDATE audit_entry SET after = '{}'::jsonb"));
        assertEquals("42501", update.getSQLState(), update.getMessage()); // no privilege
        SQLException delete = assertThrows(SQLException.class, () -> execute(application, "DELETE FROM audit_entry"));
        assertEquals("42501", delete.getSQLState(), delete.getMessage());
        SQLException truncate = assertThrows(SQLException.class, () -> execute(application, "TRUNCATE audit_entry"));
        assertEquals("42501", truncate.getSQLState(), truncate.getMessage());

        assertEquals("{\"disabled\": true}", string(application, "SELECT after::text FROM audit_entry"));
    }

    @Test
    void evenTheOwnerMeetsTheTrigger() throws SQLException {
        execute(owner, INSERT, UUID.randomUUID());

        for (String change : new String[] {
            "UPDATE audit_entry SET after = '{}'::jsonb", "DELETE FROM audit_entry", "TRUNCATE audit_entry"
        }) {
            SQLException refused = assertThrows(SQLException.class, () -> execute(owner, change));
            assertEquals("TGA01", refused.getSQLState(), change + ": " + refused.getMessage());
        }
        assertEquals("1", string(owner, "SELECT count(*) FROM audit_entry"));
    }

    @Test
    void theGrantsHoldAfterEveryMigrationRun() throws SQLException {
        Migrations.apply(owner); // the runAlways grants run again: UPDATE must not come back
        assertEquals(
                "INSERT,SELECT",
                string(
                        owner,
                        "SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM"
                                + " information_schema.role_table_grants WHERE table_name = 'audit_entry' AND grantee ="
                                + " 'tollgate_app'"));
    }

    @Test
    void aTenantAddsItsOwnRowsOnlyAndReadsNone() throws SQLException {
        UUID mine = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        TenantScope.platform().run(() -> unchecked(() -> execute(application, INSERT, theirs)));
        try (TenantScope.Opened ignored = TenantScope.tenant(mine).open()) {
            assertEquals(1, execute(application, INSERT, mine));
            SQLException other = assertThrows(SQLException.class, () -> execute(application, INSERT, theirs));
            assertEquals("42501", other.getSQLState(), other.getMessage()); // row-level security
            SQLException platformRow =
                    assertThrows(SQLException.class, () -> execute(application, INSERT, (Object) null));
            assertEquals("42501", platformRow.getSQLState(), platformRow.getMessage());
            assertEquals("0", string(application, "SELECT count(*) FROM audit_entry"));
        }
        try (TenantScope.Opened ignored = TenantScope.nobody().open()) {
            assertEquals("0", string(application, "SELECT count(*) FROM audit_entry"));
        }
        assertEquals("2", string(application, "SELECT count(*) FROM audit_entry"));
    }

    @Test
    void anEntryNamesAKnownKindOfActor() {
        SQLException refused = assertThrows(
                SQLException.class,
                () -> execute(application, INSERT.replace("'account'", "'somebody'"), (Object) null));
        assertTrue(refused.getMessage().contains("actor_kind"), refused.getMessage());
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

    private static String string(DataSource source, String sql) throws SQLException {
        try (Connection connection = source.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private static void unchecked(SqlWork work) {
        try {
            work.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
