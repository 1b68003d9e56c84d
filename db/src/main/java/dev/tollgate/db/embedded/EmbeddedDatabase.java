package dev.tollgate.db.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A PostgreSQL server owned by this process. Its cluster lives in {@code <dataDir>/postgres} and is reused on the
 * next start; the binaries are unpacked into {@code <dataDir>/postgres-runtime}. Tollgate's tables live in the
 * database {@value #DATABASE}, created on first start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "tollgate";
    public static final String USER = "postgres";

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
    private static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts the server on {@code port} (0: any free port) and makes sure the Tollgate database exists.
     *
     * @throws IOException when the binaries cannot be unpacked or the server does not come up
     */
    public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        Path cluster = dataDir.resolve("postgres");
        Files.createDirectories(cluster);
        stopOrphanedServer(cluster);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(cluster)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dataDir.resolve("postgres-runtime").toFile())
                .setPort(port == 0 ? freePort() : port)
                .setPGStartupWait(Duration.ofSeconds(60))
                // Checkpoints by time, not by WAL volume: at the default max_wal_size (1 GB) a gateway under load
                // (about 4 KB of WAL a priced call) asked for one every 15-30 s, and each one makes the next change
                // of every hot page (the platform's accounts, the journal) write the whole page into the WAL again.
                // Compressed, those page images take a fraction of it (docs/decisions.md, "The embedded PostgreSQL
                // checkpoints by time").
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setServerConfig("wal_compression", "on")
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres);
        try {
            database.createDatabaseIfMissing();
        } catch (SQLException e) {
            database.close();
            throw new IOException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
        LOG.info(() -> "embedded PostgreSQL on 127.0.0.1:" + postgres.getPort() + ", data in " + cluster);
        return database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    public int port() {
        return postgres.getPort();
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet rows =
                    statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its PostgreSQL running and holding the cluster; the next start would fail
     * on the lock. Such an orphan has no client left, so a smart shutdown (SIGTERM) ends it promptly.
     */
    private static void stopOrphanedServer(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream()
                .findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.endsWith("postgres"))
                        .orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        LOG.warning(() -> "stopping an orphaned PostgreSQL (pid " + orphan.get().pid() + ") left by a previous run");
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(ORPHAN_SHUTDOWN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("an orphaned PostgreSQL (pid " + orphan.get().pid() + ") still holds " + cluster, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
