package dev.tollgate.api.support;

import dev.tollgate.db.jpa.PersistenceUnit;
import dev.tollgate.db.migration.Migrations;
import dev.tollgate.db.tenancy.ScopedDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A new, migrated database for each test on one real PostgreSQL started once for the run, seen the way the
 * application sees it: as the role row-level security applies to, in the thread's tenant scope.
 */
public final class FreshDatabase {

    private static EmbeddedPostgres server;

    private FreshDatabase() {}

    /**
     * The application's Hibernate session factory over {@code database}. Payara brings a JSON-B implementation and
     * the tests have none; no entity maps JSON, so Hibernate is handed a JSON mapper that is never called.
     */
    public static SessionFactory sessions(ScopedDataSource database) {
        return PersistenceUnit.build(database, Map.of(AvailableSettings.JSON_FORMAT_MAPPER, new NoJson()));
    }

    private static final class NoJson implements FormatMapper {

        @Override
        public <T> T fromString(CharSequence text, JavaType<T> type, WrapperOptions options) {
            throw new UnsupportedOperationException("no entity maps JSON");
        }

        @Override
        public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
            throw new UnsupportedOperationException("no entity maps JSON");
        }
    }

    public static synchronized ScopedDataSource create() {
        try {
            if (server == null) {
                server = EmbeddedPostgres.builder().start();
                EmbeddedPostgres started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            String name = "api_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection connection = server.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setUrl("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + name);
            database.setUser("postgres");
            Migrations.apply(database);
            return new ScopedDataSource(database);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL for the tests", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
    }
}
