package dev.tollgate.billing.ledger;

import dev.tollgate.billing.ledger.LedgerRefusedException.Reason;
import dev.tollgate.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
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

    public AccountBalance balance(UUID account) {
        try (Connection connection = dataSource().getConnection()) {
            return balances(connection, List.of(account), false).get(account);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read account " + account, e);
        }
    }

    /** Every account, by kind and owner. */
    public List<AccountBalance> accounts() {
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
        try (Connection connection = dataSource().getConnection()) {
            return find(connection, id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read transfer " + id, e);
        }
    }

    /** What an account has paid out, posted, under some transfer codes. */
    public BigDecimal postedDebits(UUID account, List<String> codes) {
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
            try (ResultSet rows = select.executeQuery()) {
                List<UUID> expired = new ArrayList<>();
                while (rows.next()) {
                    expired.add(rows.getObject(1, UUID.class));
                }
                return expired;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find expired holds", e);
        }
    }

    /** One request on its own. */
    public Transfer apply(TransferRequest request) {
        return apply(List.of(request)).get(0);
    }

    /**
     * The requests, all or none, in one transaction.
     *
     * @throws LedgerRefusedException naming the first rule a request broke; then nothing was changed
     */
    public List<Transfer> apply(List<TransferRequest> requests) {
        try {
            return attempt(requests);
        } catch (ConcurrentSameId retry) {
            // Another transaction inserted one of these ids first and has committed: now it is a plain retry.
            return attempt(requests);
        }
    }

    /** Two writers raced with the same transfer id; the loser tries once more and finds the winner's transfer. */
    private static final class ConcurrentSameId extends RuntimeException {
        ConcurrentSameId(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private List<Transfer> attempt(List<TransferRequest> requests) {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Transfer> done = applyIn(connection, requests);
                connection.commit();
                return done;
            } catch (SQLException e) {
                connection.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())
                        && String.valueOf(e.getMessage()).contains("ledger_transfer_pkey")) {
                    throw new ConcurrentSameId(e);
                }
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new LedgerRefusedException(Reason.HOLD_RESOLVED, "the hold was already posted or voided");
                }
                throw e;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not apply " + requests.size() + " transfer(s)", e);
        }
    }

    private List<Transfer> applyIn(Connection connection, List<TransferRequest> requests) throws SQLException {
        Map<UUID, Transfer> holds = new HashMap<>();
        TreeSet<UUID> accounts = new TreeSet<>();
        for (TransferRequest request : requests) {
            if (request instanceof TransferRequest.Post post) {
                accounts.add(post.debit());
                accounts.add(post.credit());
            } else if (request instanceof TransferRequest.Hold hold) {
                accounts.add(hold.debit());
                accounts.add(hold.credit());
            } else if (request instanceof TransferRequest.PostHold post) {
                accounts.addAll(heldAccounts(connection, holds, post.holdId()));
            } else if (request instanceof TransferRequest.VoidHold cancel) {
                accounts.addAll(heldAccounts(connection, holds, cancel.holdId()));
            }
        }
        Map<UUID, AccountBalance> locked = balances(connection, new ArrayList<>(accounts), true);
        List<Transfer> done = new ArrayList<>();
        for (TransferRequest request : requests) {
            Transfer wanted = describe(request, holds);
            Optional<Transfer> existing = find(connection, wanted.id());
            if (existing.isPresent()) {
                if (!existing.get().sameAs(wanted)) {
                    throw new LedgerRefusedException(
                            Reason.ID_REUSED, "transfer " + wanted.id() + " exists and moved something else");
                }
                done.add(existing.get());
                continue;
            }
            done.add(execute(connection, request, wanted, holds, locked));
        }
        return done;
    }

    private List<UUID> heldAccounts(Connection connection, Map<UUID, Transfer> holds, UUID holdId) throws SQLException {
        Transfer hold = find(connection, holdId)
                .filter(transfer -> transfer.state() == TransferState.PENDING)
                .orElseThrow(() -> new LedgerRefusedException(Reason.NO_SUCH_HOLD, "no hold " + holdId));
        holds.put(holdId, hold);
        return List.of(hold.debitAccount(), hold.creditAccount());
    }

    /** The transfer a request would write (its creation time is not compared). */
    private static Transfer describe(TransferRequest request, Map<UUID, Transfer> holds) {
        if (request instanceof TransferRequest.Post post) {
            return new Transfer(
                    post.id(),
                    post.debit(),
                    post.credit(),
                    post.amount(),
                    post.code(),
                    post.reference(),
                    TransferState.POSTED,
                    Optional.empty(),
                    Optional.empty(),
                    Instant.EPOCH);
        }
        if (request instanceof TransferRequest.Hold hold) {
            return new Transfer(
                    hold.id(),
                    hold.debit(),
                    hold.credit(),
                    hold.amount(),
                    hold.code(),
                    hold.reference(),
                    TransferState.PENDING,
                    Optional.empty(),
                    Optional.of(hold.timeout()),
                    Instant.EPOCH);
        }
        if (request instanceof TransferRequest.PostHold post) {
            return resolution(post.id(), holds.get(post.holdId()), post.amount(), true);
        }
        TransferRequest.VoidHold cancel = (TransferRequest.VoidHold) request;
        Transfer held = holds.get(cancel.holdId());
        return resolution(cancel.id(), held, held.amount(), false);
    }

    private static Transfer resolution(UUID id, Transfer hold, BigDecimal amount, boolean post) {
        return new Transfer(
                id,
                hold.debitAccount(),
                hold.creditAccount(),
                amount,
                hold.code(),
                hold.reference(),
                post ? TransferState.POSTED : TransferState.VOIDED,
                Optional.of(hold.id()),
                Optional.empty(),
                Instant.EPOCH);
    }

    private Transfer execute(
            Connection connection,
            TransferRequest request,
            Transfer wanted,
            Map<UUID, Transfer> holds,
            Map<UUID, AccountBalance> locked)
            throws SQLException {
        if (wanted.amount().signum() < 0 || wanted.debitAccount().equals(wanted.creditAccount())) {
            throw new LedgerRefusedException(Reason.INVALID, "a transfer moves a positive amount between two accounts");
        }
        BigDecimal pendingChange = BigDecimal.ZERO;
        BigDecimal postedChange = BigDecimal.ZERO;
        if (request instanceof TransferRequest.Post post) {
            postedChange = post.amount();
        } else if (request instanceof TransferRequest.Hold hold) {
            pendingChange = hold.amount();
        } else if (request instanceof TransferRequest.PostHold post) {
            Transfer hold = holds.get(post.holdId());
            requireOpen(connection, hold);
            if (post.amount().compareTo(hold.amount()) > 0) {
                throw new LedgerRefusedException(
                        Reason.EXCEEDS_HOLD,
                        "cannot post " + post.amount().toPlainString() + " of a hold of "
                                + hold.amount().toPlainString());
            }
            pendingChange = hold.amount().negate();
            postedChange = post.amount();
        } else {
            Transfer hold = holds.get(((TransferRequest.VoidHold) request).holdId());
            requireOpen(connection, hold);
            pendingChange = hold.amount().negate();
        }
        AccountBalance debit = locked.get(wanted.debitAccount());
        AccountBalance credit = locked.get(wanted.creditAccount());
        if (debit == null || credit == null) {
            throw new LedgerRefusedException(Reason.INVALID, "no such account");
        }
        AccountBalance debited = new AccountBalance(
                debit.id(),
                debit.kind(),
                debit.owner(),
                debit.debitsPending().add(pendingChange),
                debit.debitsPosted().add(postedChange),
                debit.creditsPending(),
                debit.creditsPosted());
        boolean mayOverdraw = request instanceof TransferRequest.Post post && post.mayOverdraw();
        if (debit.kind().debitsMustNotExceedCredits()
                && !mayOverdraw
                && debited.available().signum() < 0
                && (pendingChange.signum() > 0 || postedChange.signum() > 0)) {
            throw new LedgerRefusedException(
                    Reason.OVERDRAFT,
                    "the account has " + debit.available().max(BigDecimal.ZERO).toPlainString() + " left, "
                            + pendingChange.add(postedChange).toPlainString() + " asked");
        }
        AccountBalance credited = new AccountBalance(
                credit.id(),
                credit.kind(),
                credit.owner(),
                credit.debitsPending(),
                credit.debitsPosted(),
                credit.creditsPending().add(pendingChange),
                credit.creditsPosted().add(postedChange));
        if (request instanceof TransferRequest.Hold hold && hold.cap().isPresent()) {
            requireWithinCap(connection, hold.cap().get(), hold.amount());
        }
        Instant createdAt = insert(connection, wanted, apiKey(request));
        store(connection, debited);
        store(connection, credited);
        locked.put(debited.id(), debited);
        locked.put(credited.id(), credited);
        return new Transfer(
                wanted.id(),
                wanted.debitAccount(),
                wanted.creditAccount(),
                wanted.amount(),
                wanted.code(),
                wanted.reference(),
                wanted.state(),
                wanted.pendingId(),
                wanted.timeout(),
                createdAt);
    }

    private static Optional<UUID> apiKey(TransferRequest request) {
        if (request instanceof TransferRequest.Post post) {
            return post.apiKey();
        }
        if (request instanceof TransferRequest.Hold hold) {
            return hold.apiKey();
        }
        return Optional.empty();
    }

    /**
     * Refuses a hold that would take its key past a spending cap. Runs after the debit account is locked: a key's
     * transfers all debit its organisation's credits, so no other hold or post of the key can slip in meanwhile.
     */
    private static void requireWithinCap(Connection connection, TransferRequest.SpendCap cap, BigDecimal amount)
            throws SQLException {
        BigDecimal committed = keyCommitted(connection, cap.apiKey(), cap.since());
        if (committed.add(amount).compareTo(cap.limit()) > 0) {
            throw new LedgerRefusedException(
                    Reason.KEY_LIMIT,
                    "the key has "
                            + cap.limit()
                                    .subtract(committed)
                                    .max(BigDecimal.ZERO)
                                    .toPlainString() + " left of its limit, " + amount.toPlainString() + " asked");
        }
    }

    /** What a key has spent since a moment (posted) plus what its open holds reserve. */
    static BigDecimal keyCommitted(Connection connection, UUID apiKey, Instant since) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT coalesce(sum(amount), 0) FROM"
                        + " ledger_transfer t WHERE api_key_id = ? AND ((state = 'posted' AND created_at >= ?)"
                        + " OR (state = 'pending' AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = t.id)))")) {
            select.setObject(1, apiKey);
            select.setTimestamp(2, Timestamp.from(since));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        }
    }

    /** What a key has spent since each moment, posted transfers only: one query for all of them. */
    public List<BigDecimal> keySpend(UUID apiKey, List<Instant> moments) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < moments.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("coalesce(sum(amount) FILTER (WHERE created_at >= ?), 0)");
        }
        sql.append(" FROM ledger_transfer WHERE api_key_id = ? AND state = 'posted'");
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < moments.size(); i++) {
                select.setTimestamp(i + 1, Timestamp.from(moments.get(i)));
            }
            select.setObject(moments.size() + 1, apiKey);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                List<BigDecimal> spend = new ArrayList<>(moments.size());
                for (int i = 0; i < moments.size(); i++) {
                    spend.add(row.getBigDecimal(i + 1));
                }
                return spend;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sum the spend of key " + apiKey, e);
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
        try (Connection connection = dataSource().getConnection()) {
            return keyCommitted(connection, apiKey, since);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sum the spend of key " + apiKey, e);
        }
    }

    private static void requireOpen(Connection connection, Transfer hold) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT 1 FROM ledger_transfer WHERE pending_id = ?")) {
            select.setObject(1, hold.id());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    throw new LedgerRefusedException(
                            Reason.HOLD_RESOLVED, "hold " + hold.id() + " was already posted or voided");
                }
            }
        }
    }

    /** Writes the transfer; returns when the database says it was made. */
    private static Instant insert(Connection connection, Transfer transfer, Optional<UUID> apiKey) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ledger_transfer (id, debit_account, credit_account, amount, code, reference, state,"
                        + " pending_id, timeout_at, api_key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " RETURNING created_at")) {
            insert.setObject(1, transfer.id());
            insert.setObject(2, transfer.debitAccount());
            insert.setObject(3, transfer.creditAccount());
            insert.setBigDecimal(4, transfer.amount());
            insert.setString(5, transfer.code());
            insert.setString(6, transfer.reference().orElse(null));
            insert.setString(7, transfer.state().wireName());
            insert.setObject(8, transfer.pendingId().orElse(null));
            insert.setTimestamp(9, transfer.timeout().map(Timestamp::from).orElse(null));
            insert.setObject(10, apiKey.orElse(null));
            try (ResultSet created = insert.executeQuery()) {
                created.next();
                return created.getTimestamp(1).toInstant();
            }
        }
    }

    private static void store(Connection connection, AccountBalance balance) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE ledger_account SET debits_pending = ?, debits_posted = ?, credits_pending = ?,"
                        + " credits_posted = ? WHERE id = ?")) {
            update.setBigDecimal(1, balance.debitsPending());
            update.setBigDecimal(2, balance.debitsPosted());
            update.setBigDecimal(3, balance.creditsPending());
            update.setBigDecimal(4, balance.creditsPosted());
            update.setObject(5, balance.id());
            update.executeUpdate();
        }
    }

    private static final String BALANCE_COLUMNS =
            "id, kind, owner, debits_pending, debits_posted, credits_pending, credits_posted";

    private static Map<UUID, AccountBalance> balances(Connection connection, List<UUID> ids, boolean lock)
            throws SQLException {
        Map<UUID, AccountBalance> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + BALANCE_COLUMNS
                + " FROM ledger_account WHERE id = ANY (?) ORDER BY id" + (lock ? " FOR UPDATE" : ""))) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    AccountBalance balance = balance(rows);
                    found.put(balance.id(), balance);
                }
            }
        }
        return found;
    }

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

    private static Optional<Transfer> find(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, debit_account, credit_account, amount, code, reference, state, pending_id, timeout_at,"
                        + " created_at FROM ledger_transfer WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Transfer(
                        row.getObject(1, UUID.class),
                        row.getObject(2, UUID.class),
                        row.getObject(3, UUID.class),
                        row.getBigDecimal(4),
                        row.getString(5),
                        Optional.ofNullable(row.getString(6)),
                        TransferState.of(row.getString(7)),
                        Optional.ofNullable(row.getObject(8, UUID.class)),
                        Optional.ofNullable(row.getTimestamp(9)).map(Timestamp::toInstant),
                        row.getTimestamp(10).toInstant()));
            }
        }
    }
}
