package dev.tollgate.billing.ledger;

import dev.tollgate.billing.ledger.LedgerRefusedException.Reason;
import dev.tollgate.db.Database;
import dev.tollgate.db.Transactions;
import dev.tollgate.db.tenancy.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The ledger's one door. {@link #apply} runs a list of transfer requests as one database transaction: all of them or
 * none (a call's settlement voids its hold and posts two transfers at once). The accounts involved are locked in id
 * order first, so concurrent transfers never deadlock, and each rule is checked on the locked rows: no overdraft of an
 * account that forbids it, a hold resolved once, a post no larger than its hold. A request whose id exists already
 * returns that transfer if it asked for the same thing (a retry), and is refused if it did not.
 */
@ApplicationScoped
public class Ledger {

    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    Database database;

    private final DataSource fixed;

    /** For CDI: the application's database. */
    public Ledger() {
        this.fixed = null;
    }

    /** For tests: a database of their own. */
    public Ledger(DataSource dataSource) {
        this.fixed = dataSource;
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }

    /** The account of a kind and owner, made on first use. */
    public UUID account(AccountKind kind, String owner) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO ledger_account (id, kind, owner, debits_must_not_exceed_credits)"
                                + " VALUES (?, ?, ?, ?) ON CONFLICT (kind, owner) DO NOTHING");
                PreparedStatement select =
                        connection.prepareStatement("SELECT id FROM ledger_account WHERE kind = ? AND owner = ?")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, kind.wireName());
            insert.setString(3, owner);
            insert.setBoolean(4, kind.debitsMustNotExceedCredits());
            insert.executeUpdate();
            select.setString(1, kind.wireName());
            select.setString(2, owner);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getObject(1, UUID.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the " + kind.wireName() + " account of " + owner, e);
        }
    }

    /** The account's balance, with every settlement journaled before this call posted first: the whole truth. */
    public AccountBalance balance(UUID account) {
        applyJournal();
        return balanceAsPosted(account);
    }

    /**
     * The account's balance as posted so far, without posting the journal first. An organisation's {@link
     * AccountBalance#available() available} credit is right all the same: what a call journaled but not yet posted
     * spent lies within its lease's hold, which stays held until the journal is posted (a lease is rolled only after).
     * Its posted figures may lag by the last calls' costs. For the call path, which must not wait for the journal's
     * backlog (under load, thousands of rows: bench/RESULTS.md, "Lease renewals and the journal").
     */
    public AccountBalance balanceAsPosted(UUID account) {
        try (Connection connection = dataSource().getConnection()) {
            return balance(connection, account);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read account " + account, e);
        }
    }

    /** Every account, by kind and owner. */
    public List<AccountBalance> accounts() {
        applyJournal();
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + BALANCE_COLUMNS + " FROM ledger_account ORDER BY kind, owner");
                ResultSet rows = select.executeQuery()) {
            List<AccountBalance> accounts = new ArrayList<>();
            while (rows.next()) {
                accounts.add(balance(rows));
            }
            return accounts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the accounts", e);
        }
    }

    public Optional<Transfer> transfer(UUID id) {
        applyJournal();
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + TRANSFER_COLUMNS + " FROM ledger_transfer t WHERE t.id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(transfer(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read transfer " + id, e);
        }
    }

    /** What an account has paid out, posted, under some transfer codes. */
    public BigDecimal postedDebits(UUID account, List<String> codes) {
        applyJournal();
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT coalesce(sum(amount), 0)"
                        + " FROM ledger_transfer WHERE debit_account = ? AND state = 'posted' AND code = ANY (?)")) {
            select.setObject(1, account);
            select.setArray(2, connection.createArrayOf("text", codes.toArray()));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sum the debits of account " + account, e);
        }
    }

    /** Holds whose timeout has passed and that nobody posted or voided: the oldest first, at most {@code limit}. */
    public List<UUID> expiredHolds(Instant now, int limit) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id FROM ledger_transfer t"
                        + " WHERE state = 'pending' AND timeout_at < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = t.id)"
                        + " ORDER BY timeout_at LIMIT ?")) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setInt(2, limit);
            return ids(select, new ArrayList<>());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find expired holds", e);
        }
    }

    /** One request on its own. */
    public Transfer apply(TransferRequest request) {
        return apply(List.of(request)).get(0);
    }

    /**
     * The requests, all or none, in one transaction: one call of the database's {@code ledger_apply} (Liquibase
     * 0014), which locks the accounts in id order, checks each rule on the locked rows and writes, so that the rows
     * are locked only while it runs.
     *
     * @throws LedgerRefusedException naming the first rule a request broke; then nothing was changed
     */
    public List<Transfer> apply(List<TransferRequest> requests) {
        try {
            return applyOnce(requests);
        } catch (IdTaken taken) {
            // Another transaction inserted one of these ids between our look and our insert, and has committed:
            // now it is a plain retry, which finds that transfer.
            return applyOnce(requests);
        }
    }

    /** What {@link #apply(List, Alongside)} did, as its transaction sees it. */
    public record Applied(List<Transfer> transfers, boolean retry) {}

    /** Work that must commit with the transfers or not at all (the audit entry of a grant). */
    @FunctionalInterface
    public interface Alongside<T> {
        /**
         * @param connection in the transfers' transaction, which commits after this returns
         */
        T in(Connection connection, Applied applied) throws SQLException;
    }

    /**
     * As {@link #apply(List)}, and {@code alongside} in the same transaction: both commit, or neither.
     *
     * <p>{@link Applied#retry()} says whether any of the requests' ids was in the ledger already, so the work
     * alongside can tell a retry (which changed nothing) from the change itself.
     */
    public <T> T apply(List<TransferRequest> requests, Alongside<T> alongside) {
        try {
            return applyAlongside(requests, alongside);
        } catch (IdTaken taken) {
            return applyAlongside(requests, alongside);
        }
    }

    private <T> T applyAlongside(List<TransferRequest> requests, Alongside<T> alongside) {
        return Transactions.inTransaction(
                dataSource(), "the ledger could not apply " + requests.size() + " transfer(s)", connection -> {
                    boolean retry;
                    try (PreparedStatement known =
                            connection.prepareStatement("SELECT count(*) FROM ledger_transfer WHERE id = ANY (?)")) {
                        known.setArray(
                                1,
                                connection.createArrayOf(
                                        "uuid",
                                        requests.stream()
                                                .map(TransferRequest::id)
                                                .toArray(UUID[]::new)));
                        try (ResultSet row = known.executeQuery()) {
                            row.next();
                            retry = row.getLong(1) > 0;
                        }
                    }
                    return alongside.in(connection, new Applied(applyOn(connection, requests), retry));
                });
    }

    /** An account's balance as {@code connection}'s transaction sees it. */
    public static AccountBalance balance(Connection connection, UUID account) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + BALANCE_COLUMNS + " FROM ledger_account WHERE id = ?")) {
            select.setObject(1, account);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? balance(row) : null;
            }
        }
    }

    /**
     * The holds of many calls in one statement and one commit: the database's {@code ledger_hold} (Liquibase 0024)
     * checks each with {@link #apply}'s rules, in order (the available credit and a key's cap count the holds accepted
     * before it in the group), and refuses only the holds that break one. A hold whose id exists is a retry: accepted
     * if it is the same hold, refused as {@link Reason#ID_REUSED} if not.
     *
     * @return for each hold, in order, its refusal, or empty when it is held
     */
    public List<Optional<LedgerRefusedException>> hold(List<TransferRequest.Hold> holds) {
        List<Optional<LedgerRefusedException>> outcomes =
                new ArrayList<>(Collections.nCopies(holds.size(), Optional.empty()));
        try (Connection connection = dataSource().getConnection();
                PreparedStatement hold = connection.prepareStatement(
                        "SELECT refused_position, refusal, message FROM ledger_hold(?::jsonb)")) {
            hold.setString(1, LedgerRequests.json(List.<TransferRequest>copyOf(holds)));
            try (ResultSet refused = hold.executeQuery()) {
                while (refused.next()) {
                    Reason reason = LedgerRequests.refusal(refused.getString(2)).orElse(Reason.INVALID);
                    outcomes.set(
                            refused.getInt(1) - 1,
                            Optional.of(new LedgerRefusedException(reason, refused.getString(3))));
                }
            }
            return outcomes;
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not hold for " + holds.size() + " call(s)", e);
        }
    }

    /**
     * The settlements of many calls in one statement and one commit: the database's {@code ledger_settle} (Liquibase
     * 0023) locks every account involved in id order, as {@link #apply} does, writes the transfers that do not exist
     * yet, releases the holds nobody resolved yet, and updates each account once. What exists already (a retry) is
     * skipped, a hold the sweeper released is not released again and its call's posts still go in, and posts may
     * overdraw: the answers were delivered.
     *
     * @return the ids of the holds made anew ({@link Settlement#rehold()}): only where this statement released the
     *     hold they replace
     * @throws LedgerRefusedException when a post moves nothing sensible (no amount, the same account twice)
     */
    public Set<UUID> settle(List<Settlement> settlements) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement settle = connection.prepareStatement("SELECT ledger_settle(?::jsonb)")) {
            settle.setString(1, LedgerRequests.settlementsJson(settlements));
            return ids(settle, new HashSet<>());
        } catch (SQLException e) {
            Optional<Reason> refusal = LedgerRequests.refusal(String.valueOf(e.getSQLState()));
            if (refusal.isPresent()) {
                throw new LedgerRefusedException(refusal.get(), serverMessage(e));
            }
            throw new IllegalStateException("the ledger could not settle " + settlements.size() + " call(s)", e);
        }
    }

    /**
     * Writes calls' settlements to the journal, a row per post, in one statement and one commit: durable once this
     * returns, posted to the accounts behind it ({@link #applyJournal(int)}). Only for settlements that release no
     * hold (calls against a lease of credit): a hold's release must be seen at once by whoever reads the credit
     * available, which the journal would delay. A settlement journaled twice is journaled once.
     */
    public void journal(List<Settlement> settlements) {
        if (settlements.stream().anyMatch(settlement -> settlement.hold().isPresent())) {
            throw new IllegalArgumentException("a settlement that releases a hold is not journaled");
        }
        int rows = settlements.stream()
                .mapToInt(settlement -> settlement.posts().size())
                .sum();
        String[] calls = new String[rows];
        String[] ids = new String[rows];
        String[] debits = new String[rows];
        String[] credits = new String[rows];
        String[] amounts = new String[rows];
        String[] codes = new String[rows];
        String[] references = new String[rows];
        String[] apiKeys = new String[rows];
        int row = 0;
        for (Settlement settlement : settlements) {
            for (TransferRequest.Post post : settlement.posts()) {
                calls[row] = settlement.release().toString();
                ids[row] = post.id().toString();
                debits[row] = post.debit().toString();
                credits[row] = post.credit().toString();
                amounts[row] = post.amount().toPlainString();
                codes[row] = post.code();
                references[row] = post.reference().orElse(null);
                apiKeys[row] = post.apiKey().map(UUID::toString).orElse(null);
                row++;
            }
        }
        try (Connection connection = dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ledger_journal_post (call, id,"
                        + " debit_account, credit_account, amount, code, reference, api_key_id)"
                        + " SELECT * FROM unnest(?::text[]::uuid[], ?::text[]::uuid[], ?::text[]::uuid[],"
                        + " ?::text[]::uuid[], ?::text[]::numeric[], ?::text[], ?::text[], ?::text[]::uuid[])"
                        + " ON CONFLICT DO NOTHING")) {
            String[][] columns = {calls, ids, debits, credits, amounts, codes, references, apiKeys};
            for (int column = 0; column < columns.length; column++) {
                insert.setArray(column + 1, connection.createArrayOf("text", columns[column]));
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not journal " + settlements.size() + " call(s)", e);
        }
    }

    /**
     * Posts up to {@code maxRows} rows of the journal (posts of calls' settlements) in one transaction (the database's
     * {@code ledger_journal_apply}, Liquibase 0030), leaving rows another transaction is posting to it; how many.
     */
    public int applyJournal(int maxRows) {
        return TenantScope.platform().call(() -> {
            try (Connection connection = dataSource().getConnection()) {
                // The postings touch accounts no tenant may see: always the platform's work, whoever asks for it.
                return applyJournal(connection, maxRows, false, null);
            } catch (SQLException e) {
                throw new IllegalStateException("the ledger could not post its journal", e);
            }
        });
    }

    /**
     * Posts what these calls (by settlement release id) journaled, in one transaction, leaving rows another
     * transaction is posting to it; how many rows. By key: a replica's poster knows the calls it journaled, and a
     * scan of the journal ({@link #applyJournal(int)}) walks every row deleted since the table was last vacuumed.
     */
    public int applyJournal(Collection<UUID> calls) {
        if (calls.isEmpty()) {
            return 0;
        }
        return TenantScope.platform().call(() -> {
            try (Connection connection = dataSource().getConnection();
                    PreparedStatement apply = connection.prepareStatement("SELECT ledger_journal_apply_calls(?)")) {
                apply.setArray(1, connection.createArrayOf("uuid", calls.toArray()));
                try (ResultSet row = apply.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the ledger could not post its journal", e);
            }
        });
    }

    /**
     * Posts every settlement journaled before this call, waiting for those being posted elsewhere, so that what is read
     * next is the whole truth. Cheap when the journal is empty, which it is but for the last few milliseconds' calls.
     */
    public void applyJournal() {
        TenantScope.platform().run(() -> {
            try (Connection connection = dataSource().getConnection()) {
                // Only what was written before this call, by the database's clock (a replica's may differ): under load
                // calls journal as fast as a pass posts, and a reader without a cutoff went on posting their rows.
                OffsetDateTime cutoff;
                try (PreparedStatement now = connection.prepareStatement("SELECT clock_timestamp()");
                        ResultSet row = now.executeQuery()) {
                    row.next();
                    cutoff = row.getObject(1, OffsetDateTime.class);
                }
                // Rows another poster held, once it commits, are gone, so a pass may post fewer than it asked for:
                // stop at an empty pass, which comes once the rows written before the cutoff are posted.
                while (applyJournal(connection, JOURNAL_BATCH, true, cutoff) > 0) {
                    // next pass
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the ledger could not post its journal", e);
            }
        });
    }

    /**
     * One pass, one transaction (the connection commits each statement); no cutoff when {@code writtenBefore} is null.
     */
    private static int applyJournal(Connection connection, int maxRows, boolean wait, OffsetDateTime writtenBefore)
            throws SQLException {
        try (PreparedStatement apply = connection.prepareStatement(
                writtenBefore == null
                        ? "SELECT ledger_journal_apply(?, ?, 'infinity')"
                        : "SELECT ledger_journal_apply(?, ?, ?)")) {
            apply.setInt(1, maxRows);
            apply.setBoolean(2, wait);
            if (writtenBefore != null) {
                apply.setObject(3, writtenBefore);
            }
            try (ResultSet row = apply.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /**
     * Which of these calls (by settlement release id) have a post still in the journal, as of now. A row being posted
     * by a transaction not yet committed counts as unposted. One index lookup per call; nothing is posted.
     */
    public Set<UUID> stillJournaled(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return TenantScope.platform().call(() -> {
            try (Connection connection = dataSource().getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT DISTINCT call FROM ledger_journal_post WHERE call = ANY (?)")) {
                select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                return ids(select, new HashSet<>());
            } catch (SQLException e) {
                throw new IllegalStateException("the ledger could not read its journal", e);
            }
        });
    }

    /** Runs the query and adds the ids of its first column, in its order, to {@code into}. */
    private static <C extends Collection<UUID>> C ids(PreparedStatement query, C into) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                into.add(rows.getObject(1, UUID.class));
            }
        }
        return into;
    }

    /** The most journal rows (posts; a priced call journals one or two) one transaction posts. */
    public static final int JOURNAL_BATCH = 512;

    /** Two writers raced with the same transfer id. */
    private static final class IdTaken extends RuntimeException {
        IdTaken(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private List<Transfer> applyOnce(List<TransferRequest> requests) {
        try (Connection connection = dataSource().getConnection()) {
            return applyOn(connection, requests);
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not apply " + requests.size() + " transfer(s)", e);
        }
    }

    /** One call of {@code ledger_apply} on {@code connection}, its refusals as {@link LedgerRefusedException}s. */
    private static List<Transfer> applyOn(Connection connection, List<TransferRequest> requests) {
        try (PreparedStatement apply =
                connection.prepareStatement("SELECT " + TRANSFER_COLUMNS + " FROM ledger_apply(?::jsonb) t")) {
            apply.setString(1, LedgerRequests.json(requests));
            List<Transfer> done = new ArrayList<>(requests.size());
            try (ResultSet rows = apply.executeQuery()) {
                while (rows.next()) {
                    done.add(transfer(rows));
                }
            }
            return done;
        } catch (SQLException e) {
            String state = String.valueOf(e.getSQLState());
            if (UNIQUE_VIOLATION.equals(state) && String.valueOf(e.getMessage()).contains("ledger_transfer_pkey")) {
                throw new IdTaken(e);
            }
            if (UNIQUE_VIOLATION.equals(state)) {
                // pending_id is unique: another transaction resolved the hold first.
                throw new LedgerRefusedException(Reason.HOLD_RESOLVED, "the hold was already posted or voided");
            }
            Optional<Reason> refusal = LedgerRequests.refusal(state);
            if (refusal.isPresent()) {
                throw new LedgerRefusedException(refusal.get(), serverMessage(e));
            }
            throw new IllegalStateException("the ledger could not apply " + requests.size() + " transfer(s)", e);
        }
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    /** What a key has spent since each moment, posted transfers only: one query for all of them. */
    public List<BigDecimal> keySpend(UUID apiKey, List<Instant> moments) {
        return keysSpend(List.of(apiKey), moments).get(apiKey);
    }

    /**
     * What each key has spent since each moment, posted transfers only, in one query for a whole list of keys (a
     * page of them); a key that never spent has zeros.
     */
    public Map<UUID, List<BigDecimal>> keysSpend(Collection<UUID> apiKeys, List<Instant> moments) {
        Map<UUID, List<BigDecimal>> spend = new HashMap<>();
        List<BigDecimal> zeros = Collections.nCopies(moments.size(), BigDecimal.ZERO);
        apiKeys.forEach(key -> spend.put(key, zeros));
        if (apiKeys.isEmpty()) {
            return spend;
        }
        applyJournal();
        StringBuilder sql = new StringBuilder("SELECT api_key_id");
        for (int i = 0; i < moments.size(); i++) {
            sql.append(", coalesce(sum(amount) FILTER (WHERE created_at >= ?), 0)");
        }
        sql.append(" FROM ledger_transfer WHERE api_key_id = ANY (?) AND state = 'posted' GROUP BY api_key_id");
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < moments.size(); i++) {
                select.setTimestamp(i + 1, Timestamp.from(moments.get(i)));
            }
            select.setArray(moments.size() + 1, connection.createArrayOf("uuid", apiKeys.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    List<BigDecimal> sums = new ArrayList<>(moments.size());
                    for (int i = 0; i < moments.size(); i++) {
                        sums.add(rows.getBigDecimal(i + 2));
                    }
                    spend.put(rows.getObject(1, UUID.class), sums);
                }
            }
            return spend;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sum the spend of keys " + apiKeys, e);
        }
    }

    /**
     * What has been posted from one account to another under a reference (for one, how much of a top-up its refunds
     * took back so far). Read through the credit account's index: pick the pair so that the credit account receives
     * few transfers.
     */
    public BigDecimal postedBetween(UUID debit, UUID credit, String reference) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT coalesce(sum(amount), 0) FROM ledger_transfer WHERE credit_account = ?"
                                + " AND debit_account = ? AND reference = ? AND state = 'posted'")) {
            select.setObject(1, credit);
            select.setObject(2, debit);
            select.setString(3, reference);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sum the transfers of " + reference, e);
        }
    }

    /** What a key has spent since a moment plus what its open holds reserve. */
    public BigDecimal keyCommitted(UUID apiKey, Instant since) {
        applyJournal();
        // The same sum ledger_apply checks a hold's cap against.
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT ledger_key_committed(?, ?)")) {
            select.setObject(1, apiKey);
            select.setTimestamp(2, Timestamp.from(since));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sum the spend of key " + apiKey, e);
        }
    }

    private static final String BALANCE_COLUMNS =
            "id, kind, owner, debits_pending, debits_posted, credits_pending, credits_posted";

    private static AccountBalance balance(ResultSet row) throws SQLException {
        return new AccountBalance(
                row.getObject(1, UUID.class),
                AccountKind.of(row.getString(2)),
                row.getString(3),
                row.getBigDecimal(4),
                row.getBigDecimal(5),
                row.getBigDecimal(6),
                row.getBigDecimal(7));
    }

    private static final String TRANSFER_COLUMNS = "t.id, t.debit_account, t.credit_account, t.amount, t.code,"
            + " t.reference, t.state, t.pending_id, t.timeout_at, t.created_at";

    private static Transfer transfer(ResultSet row) throws SQLException {
        return new Transfer(
                row.getObject(1, UUID.class),
                row.getObject(2, UUID.class),
                row.getObject(3, UUID.class),
                row.getBigDecimal(4),
                row.getString(5),
                Optional.ofNullable(row.getString(6)),
                TransferState.of(row.getString(7)),
                Optional.ofNullable(row.getObject(8, UUID.class)),
                Optional.ofNullable(row.getTimestamp(9)).map(Timestamp::toInstant),
                row.getTimestamp(10).toInstant());
    }
}
