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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        // Almost every transfer is new, so the first attempt writes without looking for its id; only when an id is
        // taken (a retry, or a racing writer that has since committed) does the next attempt look for what exists.
        boolean lookForExisting = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(requests, lookForExisting);
            } catch (IdTaken taken) {
                if (attempt == 3) {
                    throw new IllegalStateException("transfer ids kept colliding", taken.getCause());
                }
                lookForExisting = true;
            }
        }
    }

    /** A transfer id of the request was in the table already: try again, comparing with what is there. */
    private static final class IdTaken extends RuntimeException {
        IdTaken(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private List<Transfer> attempt(List<TransferRequest> requests, boolean lookForExisting) {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Transfer> done = applyIn(connection, requests, lookForExisting);
                connection.commit();
                return done;
            } catch (SQLException e) {
                connection.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())
                        && String.valueOf(e.getMessage()).contains("ledger_transfer_pkey")) {
                    throw new IdTaken(e.getMessage(), e);
                }
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    // pending_id is unique: another transaction resolved the hold first.
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

    /** A hold named by a request, and whether it was resolved already. */
    private record HeldTransfer(Transfer transfer, boolean resolved) {}

    /**
     * Decides every request on the locked accounts, then writes all the new transfers with one statement and all
     * the changed sums with another: a call's settlement is five round trips to the database, its hold four.
     */
    private List<Transfer> applyIn(Connection connection, List<TransferRequest> requests, boolean lookForExisting)
            throws SQLException {
        Map<UUID, HeldTransfer> holds = holdsNamedBy(connection, requests);
        Map<UUID, Transfer> holdTransfers = new HashMap<>();
        holds.forEach((id, held) -> holdTransfers.put(id, held.transfer()));
        TreeSet<UUID> accounts = new TreeSet<>();
        for (TransferRequest request : requests) {
            if (request instanceof TransferRequest.Post post) {
                accounts.add(post.debit());
                accounts.add(post.credit());
            } else if (request instanceof TransferRequest.Hold hold) {
                accounts.add(hold.debit());
                accounts.add(hold.credit());
            } else {
                Transfer hold = holdTransfers.get(holdId(request));
                accounts.add(hold.debitAccount());
                accounts.add(hold.creditAccount());
            }
        }
        Map<UUID, AccountBalance> locked = balances(connection, new ArrayList<>(accounts), true);
        Map<UUID, Transfer> existing = lookForExisting
                ? find(connection, requests.stream().map(TransferRequest::id).toList())
                : Map.of();
        Set<UUID> resolvedHere = new HashSet<>();
        Map<UUID, BigDecimal> keyAmountsHere = new HashMap<>();
        List<Transfer> decided = new ArrayList<>();
        List<Optional<UUID>> apiKeys = new ArrayList<>();
        Set<UUID> changed = new TreeSet<>();
        Transfer[] done = new Transfer[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            TransferRequest request = requests.get(i);
            Transfer wanted = describe(request, holdTransfers);
            Transfer found = existing.get(wanted.id());
            if (found != null) {
                if (!found.sameAs(wanted)) {
                    throw new LedgerRefusedException(
                            Reason.ID_REUSED, "transfer " + wanted.id() + " exists and moved something else");
                }
                done[i] = found;
                continue;
            }
            if (!(request instanceof TransferRequest.Post) && !(request instanceof TransferRequest.Hold)) {
                UUID holdId = holdId(request);
                if (holds.get(holdId).resolved() && !lookForExisting) {
                    // Perhaps by this very request, tried before: only a look at what exists can tell.
                    throw new IdTaken("hold " + holdId + " is resolved", null);
                }
                if (holds.get(holdId).resolved() || !resolvedHere.add(holdId)) {
                    throw new LedgerRefusedException(
                            Reason.HOLD_RESOLVED, "hold " + holdId + " was already posted or voided");
                }
            }
            decide(connection, request, wanted, holdTransfers, locked, keyAmountsHere);
            changed.add(wanted.debitAccount());
            changed.add(wanted.creditAccount());
            decided.add(wanted);
            apiKeys.add(apiKey(request));
        }
        if (!decided.isEmpty()) {
            Map<UUID, Instant> created = insert(connection, decided, apiKeys);
            store(connection, changed.stream().map(locked::get).toList());
            int next = 0;
            for (int i = 0; i < done.length; i++) {
                if (done[i] == null) {
                    Transfer wanted = decided.get(next++);
                    done[i] = new Transfer(
                            wanted.id(),
                            wanted.debitAccount(),
                            wanted.creditAccount(),
                            wanted.amount(),
                            wanted.code(),
                            wanted.reference(),
                            wanted.state(),
                            wanted.pendingId(),
                            wanted.timeout(),
                            created.get(wanted.id()));
                }
            }
        }
        return List.of(done);
    }

    private static UUID holdId(TransferRequest request) {
        return request instanceof TransferRequest.PostHold post
                ? post.holdId()
                : ((TransferRequest.VoidHold) request).holdId();
    }

    /** The holds the requests post or void, each with whether something resolved it already; refuses unknown ones. */
    private static Map<UUID, HeldTransfer> holdsNamedBy(Connection connection, List<TransferRequest> requests)
            throws SQLException {
        List<UUID> ids = requests.stream()
                .filter(request ->
                        !(request instanceof TransferRequest.Post) && !(request instanceof TransferRequest.Hold))
                .map(Ledger::holdId)
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, HeldTransfer> holds = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + TRANSFER_COLUMNS
                + ", EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = t.id)"
                + " FROM ledger_transfer t WHERE t.id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Transfer transfer = transfer(rows);
                    holds.put(transfer.id(), new HeldTransfer(transfer, rows.getBoolean(11)));
                }
            }
        }
        for (UUID id : ids) {
            HeldTransfer held = holds.get(id);
            if (held == null || held.transfer().state() != TransferState.PENDING) {
                throw new LedgerRefusedException(Reason.NO_SUCH_HOLD, "no hold " + id);
            }
        }
        return holds;
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

    /**
     * Checks one request against the locked accounts and applies it to their sums in memory; nothing is written
     * yet. A hold with a key's cap also counts what this batch already moved for that key.
     */
    private static void decide(
            Connection connection,
            TransferRequest request,
            Transfer wanted,
            Map<UUID, Transfer> holds,
            Map<UUID, AccountBalance> locked,
            Map<UUID, BigDecimal> keyAmountsHere)
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
            if (post.amount().compareTo(hold.amount()) > 0) {
                throw new LedgerRefusedException(
                        Reason.EXCEEDS_HOLD,
                        "cannot post " + post.amount().toPlainString() + " of a hold of "
                                + hold.amount().toPlainString());
            }
            pendingChange = hold.amount().negate();
            postedChange = post.amount();
        } else {
            pendingChange = holds.get(holdId(request)).amount().negate();
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
        Optional<UUID> apiKey = apiKey(request);
        if (request instanceof TransferRequest.Hold hold && hold.cap().isPresent()) {
            TransferRequest.SpendCap cap = hold.cap().get();
            BigDecimal committed = keyCommitted(connection, cap.apiKey(), cap.since())
                    .add(keyAmountsHere.getOrDefault(cap.apiKey(), BigDecimal.ZERO));
            if (committed.add(hold.amount()).compareTo(cap.limit()) > 0) {
                throw new LedgerRefusedException(
                        Reason.KEY_LIMIT,
                        "the key has "
                                + cap.limit()
                                        .subtract(committed)
                                        .max(BigDecimal.ZERO)
                                        .toPlainString() + " left of its limit, "
                                + hold.amount().toPlainString() + " asked");
            }
        }
        apiKey.ifPresent(key -> keyAmountsHere.merge(key, wanted.amount(), BigDecimal::add));
        AccountBalance credited = new AccountBalance(
                credit.id(),
                credit.kind(),
                credit.owner(),
                credit.debitsPending(),
                credit.debitsPosted(),
                credit.creditsPending().add(pendingChange),
                credit.creditsPosted().add(postedChange));
        locked.put(debited.id(), debited);
        locked.put(credited.id(), credited);
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

    /** Writes the transfers with one statement; returns when the database says each was made. */
    private static Map<UUID, Instant> insert(
            Connection connection, List<Transfer> transfers, List<Optional<UUID>> apiKeys) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ledger_transfer (id, debit_account, credit_account, amount,"
                + " code, reference, state, pending_id, timeout_at, api_key_id) VALUES ");
        for (int i = 0; i < transfers.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        sql.append(" RETURNING id, created_at");
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int at = 0;
            for (int i = 0; i < transfers.size(); i++) {
                Transfer transfer = transfers.get(i);
                insert.setObject(++at, transfer.id());
                insert.setObject(++at, transfer.debitAccount());
                insert.setObject(++at, transfer.creditAccount());
                insert.setBigDecimal(++at, transfer.amount());
                insert.setString(++at, transfer.code());
                insert.setString(++at, transfer.reference().orElse(null));
                insert.setString(++at, transfer.state().wireName());
                insert.setObject(++at, transfer.pendingId().orElse(null));
                insert.setTimestamp(
                        ++at, transfer.timeout().map(Timestamp::from).orElse(null));
                insert.setObject(++at, apiKeys.get(i).orElse(null));
            }
            Map<UUID, Instant> created = new HashMap<>();
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    created.put(
                            rows.getObject(1, UUID.class), rows.getTimestamp(2).toInstant());
                }
            }
            return created;
        }
    }

    /** Writes the accounts' new sums with one statement. */
    private static void store(Connection connection, List<AccountBalance> balances) throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE ledger_account a SET debits_pending = v.debits_pending,"
                + " debits_posted = v.debits_posted, credits_pending = v.credits_pending,"
                + " credits_posted = v.credits_posted FROM (VALUES ");
        for (int i = 0; i < balances.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?::uuid, ?::numeric, ?::numeric, ?::numeric, ?::numeric)");
        }
        sql.append(") AS v (id, debits_pending, debits_posted, credits_pending, credits_posted) WHERE a.id = v.id");
        try (PreparedStatement update = connection.prepareStatement(sql.toString())) {
            int at = 0;
            for (AccountBalance balance : balances) {
                update.setObject(++at, balance.id());
                update.setBigDecimal(++at, balance.debitsPending());
                update.setBigDecimal(++at, balance.debitsPosted());
                update.setBigDecimal(++at, balance.creditsPending());
                update.setBigDecimal(++at, balance.creditsPosted());
            }
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

    private static final String TRANSFER_COLUMNS = "t.id, t.debit_account, t.credit_account, t.amount, t.code,"
            + " t.reference, t.state, t.pending_id, t.timeout_at, t.created_at";

    private static Optional<Transfer> find(Connection connection, UUID id) throws SQLException {
        return Optional.ofNullable(find(connection, List.of(id)).get(id));
    }

    private static Map<UUID, Transfer> find(Connection connection, List<UUID> ids) throws SQLException {
        Map<UUID, Transfer> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + TRANSFER_COLUMNS + " FROM ledger_transfer t WHERE t.id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Transfer transfer = transfer(rows);
                    found.put(transfer.id(), transfer);
                }
            }
        }
        return found;
    }

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
