package dev.tollgate.bench;

import dev.tollgate.billing.call.CallCharges;
import dev.tollgate.billing.call.CallHold;
import dev.tollgate.billing.ledger.AccountBalance;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.TransferRequest;
import dev.tollgate.db.Database;
import dev.tollgate.db.DatabaseSettings;
import dev.tollgate.db.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A call's money path through the ledger ({@link CallCharges#hold}, then {@link CallCharges#settle} or
 * {@link CallCharges#release}) into a real PostgreSQL, against one round trip through the same pool
 * ({@link #roundTrip}) and one committed single-row update ({@link #oneRowUpdate}). Run by {@code bench/ledger.sh}.
 *
 * <p>The database is opened as the gateway opens it: {@link Database#open} with embedded settings (zonky's
 * PostgreSQL, its data in a temporary folder, the migrations, HikariCP with the default pool of
 * {@value #POOL_SIZE}). Every call has a generation id of its own, so every hold and settlement is a new set of
 * transfers and the tables grow as in production. One organisation is granted $1,000,000,000 for the single-threaded
 * benchmarks and the busy customer of {@link #settleOneOrganization}; {@value #SPREAD} more, the same each, for
 * {@link #settleSpread}, where each thread settles for organisations no other thread touches. Every hold and
 * settlement also locks the platform's margin account, and every settlement one provider's payable account, which
 * all threads share.
 *
 * <p>When this was written the ledger sent, per call, 6 statements for the hold (its commit included), 16 for the
 * settlement (the hold's release and two posts) and 8 for a release: what {@link #roundTrip} and
 * {@link #oneRowUpdate} put a price on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class SettlementBenchmark {

    /** The gateway's default pool size (tollgate.db.pool.size). */
    static final int POOL_SIZE = 16;

    static final int SPREAD = 64;
    static final int CONCURRENT_THREADS = 8;
    static final String PROVIDER = "bench-provider";
    static final BigDecimal GRANT = new BigDecimal("1000000000");
    /** A call's worst case: its prompt plus max_tokens of completion at list price. */
    static final BigDecimal WORST_CASE = new BigDecimal("0.0123");
    /** What the provider is owed for the answer, and what the organisation pays at list price (5.5 % margin). */
    static final BigDecimal COST = new BigDecimal("0.000123");

    static final BigDecimal LIST = new BigDecimal("0.0001353");

    /**
     * The server's synchronous_commit: "off" is what zonky's embedded PostgreSQL (and so Tollgate without
     * TOLLGATE_DB_URL) runs with; "on", an external PostgreSQL's default, makes each commit wait for its WAL flush
     * (JMH: -p synchronousCommit=on).
     */
    @Param("off")
    public String synchronousCommit;

    private Path dataDir;
    private Database database;
    private DataSource pool;
    private CallCharges charges;
    private Organization busy;
    private Organization[] spread;
    /** Generation ids are unique within a run; the database is new for each run. */
    private final AtomicLong generations = new AtomicLong();

    /** An organisation with credits, and the API key its calls are made with. */
    record Organization(UUID id, UUID apiKey) {}

    @Setup
    public void setUp() throws IOException, SQLException {
        dataDir = Files.createTempDirectory("tollgate-settlement-bench");
        database = new Database();
        database.open(new DatabaseSettings(Optional.empty(), EmbeddedDatabase.USER, "", dataDir, 0, POOL_SIZE, DatabaseSettings.CONNECTION_TIMEOUT_MILLIS));
        pool = database.dataSource();
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET synchronous_commit = '" + synchronousCommit.replace("'", "") + "'");
            statement.execute("SELECT pg_reload_conf()");
            statement.execute("CREATE TABLE bench_counter (id int PRIMARY KEY, calls bigint NOT NULL)");
            statement.execute("INSERT INTO bench_counter VALUES (1, 0)");
        }
        Ledger ledger = new Ledger(pool);
        charges = new CallCharges(ledger, Duration.ofHours(1), Clock.systemUTC());
        busy = granted(ledger);
        spread = new Organization[SPREAD];
        for (int i = 0; i < SPREAD; i++) {
            spread[i] = granted(ledger);
        }
        check(ledger);
    }

    private static Organization granted(Ledger ledger) {
        Organization organization = new Organization(UUID.randomUUID(), UUID.randomUUID());
        ledger.apply(new TransferRequest.Post(
                UUID.randomUUID(),
                ledger.account(AccountKind.GRANTS, AccountKind.PLATFORM),
                ledger.account(AccountKind.ORG_CREDITS, organization.id().toString()),
                GRANT,
                "grant",
                Optional.of("benchmark")));
        return organization;
    }

    /** That a settlement moves what it should and the server runs as said: fails the run rather than measure else. */
    private void check(Ledger ledger) throws SQLException {
        holdThenSettle(busy);
        AccountBalance credits =
                ledger.balance(ledger.account(AccountKind.ORG_CREDITS, busy.id().toString()));
        if (credits.postedBalance().compareTo(GRANT.subtract(LIST)) != 0
                || credits.debitsPending().signum() != 0) {
            throw new IllegalStateException("benchmark set-up is wrong: after one settlement the organisation has "
                    + credits + ", expected " + GRANT.subtract(LIST).toPlainString() + " posted and nothing pending");
        }
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW synchronous_commit")) {
            row.next();
            if (!row.getString(1).equals(synchronousCommit)) {
                throw new IllegalStateException(
                        "synchronous_commit is " + row.getString(1) + ", not " + synchronousCommit);
            }
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        if (database != null) {
            database.close();
        }
        if (dataDir != null) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private CallHold hold(Organization organization) {
        String generation = "gen-bench-" + generations.incrementAndGet();
        return charges.hold(organization.id(), organization.apiKey(), Optional.empty(), generation, WORST_CASE);
    }

    private CallHold holdThenSettle(Organization organization) {
        CallHold hold = hold(organization);
        charges.settle(hold, PROVIDER, COST, LIST);
        return hold;
    }

    /** One call's money path: its worst case held before dispatch, what it cost settled after. */
    @Benchmark
    public CallHold holdThenSettle() {
        return holdThenSettle(busy);
    }

    /** A failed call's: the hold, then its release. */
    @Benchmark
    public CallHold holdThenRelease() {
        CallHold hold = hold(busy);
        charges.release(hold);
        return hold;
    }

    /** The hold alone, left open (the sweeper would release it after an hour): holdThenSettle less this is settle. */
    @Benchmark
    public CallHold holdOnly() {
        return hold(busy);
    }

    /** Baseline: one round trip to PostgreSQL through the same pool. */
    @Benchmark
    public int roundTrip() throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT 1");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Baseline: one committed transaction of one statement, an update of one row (autocommit). */
    @Benchmark
    public int oneRowUpdate() throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement update =
                        connection.prepareStatement("UPDATE bench_counter SET calls = calls + 1 WHERE id = 1")) {
            return update.executeUpdate();
        }
    }

    /** Settlements per second for one busy organisation: every thread locks the same credits account. */
    @Benchmark
    @Threads(CONCURRENT_THREADS)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public CallHold settleOneOrganization() {
        return holdThenSettle(busy);
    }

    /** Settlements per second over {@value #SPREAD} organisations, each thread with organisations of its own. */
    @Benchmark
    @Threads(CONCURRENT_THREADS)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public CallHold settleSpread(OwnOrganizations own) {
        return holdThenSettle(spread[own.next()]);
    }

    /** Round trips per second through the same pool with as many threads: the concurrent runs' baseline. */
    @Benchmark
    @Threads(CONCURRENT_THREADS)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int roundTripConcurrent() throws SQLException {
        return roundTrip();
    }

    /** Thread i of n takes the organisations i, i + n, i + 2n, … in turn: no two threads share one. */
    @State(Scope.Thread)
    public static class OwnOrganizations {

        private int first;
        private int step;
        private int next;

        @Setup
        public void pick(ThreadParams thread) {
            if (thread.getThreadCount() > SPREAD) {
                throw new IllegalStateException("at most " + SPREAD + " threads: one organisation each at least");
            }
            first = thread.getThreadIndex();
            step = thread.getThreadCount();
            next = first;
        }

        int next() {
            int organization = next;
            next = next + step < SPREAD ? next + step : first;
            return organization;
        }
    }
}
