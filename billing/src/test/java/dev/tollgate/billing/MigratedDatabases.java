package dev.tollgate.billing;

import dev.tollgate.db.migration.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/** A real PostgreSQL for a test class, and a fresh database with Tollgate's schema for each test. */
public final class MigratedDatabases implements AutoCloseable {

    private final EmbeddedPostgres server;

    private MigratedDatabases(EmbeddedPostgres server) {
        this.server = server;
    }

    public static MigratedDatabases start() throws IOException {
        return new MigratedDatabases(EmbeddedPostgres.builder().start());
    }

    /** A new database, migrated, named after {@code purpose} and a random suffix. */
    public PGSimpleDataSource fresh(String purpose) throws SQLException {
        String name = purpose + "_" + UUID.randomUUID().toString().replace("-", "");
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
