package dev.tollgate.billing;

import dev.tollgate.db.migration.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A real PostgreSQL for the billing tests, started once per test class, with a freshly migrated database per test. */
public final class FreshDatabase implements AutoCloseable {

    private final EmbeddedPostgres server;

    private FreshDatabase(EmbeddedPostgres server) {
        this.server = server;
    }

    public static FreshDatabase start() throws IOException {
        return new FreshDatabase(EmbeddedPostgres.builder().start());
    }

    /** A new database with every migration applied. */
    public DataSource migrated() throws SQLException {
        String name = "billing_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + name);
        database.setUser("postgres");
        Migrations.apply(database);
        return database;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
