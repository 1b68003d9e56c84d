package dev.tollgate.billing.payment;

import dev.tollgate.db.Database;
import dev.tollgate.db.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The {@code topup} rows. {@link #change} runs a decision on a locked row, so that deliveries of events about one
 * session (replays, concurrent retries, a refund racing its payment) are decided one after the other.
 */
@ApplicationScoped
public class TopUps {

    private static final String COLUMNS = "session_id, organization_id, credits, fee, status, payment_intent_id,"
            + " refunded_credits, created_at, fulfilled_at, refunded_at";

    @Inject
    Database database;

    private final DataSource fixed;

    /** For CDI: the application's database. */
    public TopUps() {
        this.fixed = null;
    }

    /** For tests: a database of their own. */
    public TopUps(DataSource dataSource) {
        this.fixed = dataSource;
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }

    /** A decision on a locked row: the row to store instead, if anything changes, and what happened. */
    public record Change(Optional<TopUp> store, TopUpOutcome outcome) {

        static Change to(TopUp changed, TopUpOutcome outcome) {
            return new Change(Optional.of(changed), outcome);
        }

        static Change none(TopUpOutcome outcome) {
            return new Change(Optional.empty(), outcome);
        }
    }

    public TopUp open(String sessionId, UUID organizationId, TopUpQuote quote) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO topup (session_id, organization_id, credits, fee, status) VALUES (?, ?, ?, ?, ?)"
                                + " RETURNING " + COLUMNS)) {
            insert.setString(1, sessionId);
            insert.setObject(2, organizationId);
            insert.setBigDecimal(3, quote.credits());
            insert.setBigDecimal(4, quote.fee());
            insert.setString(5, TopUpStatus.OPEN.wireName());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return topUp(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the top-up of session " + sessionId, e);
        }
    }

    /**
     * An organisation's top-ups, newest first, at most {@code limit} of them: its purchase history, sessions
     * abandoned or still open included.
     */
    public List<TopUp> history(UUID organizationId, int limit) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                        + " FROM topup WHERE organization_id = ? ORDER BY created_at DESC, session_id DESC LIMIT ?")) {
            select.setObject(1, organizationId);
            select.setInt(2, limit);
            List<TopUp> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(topUp(rows));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the top-ups of organisation " + organizationId, e);
        }
    }

    public Optional<TopUp> find(String sessionId) {
        return findBy("session_id", sessionId);
    }

    public Optional<TopUp> findByPaymentIntent(String paymentIntentId) {
        return findBy("payment_intent_id", paymentIntentId);
    }

    private Optional<TopUp> findBy(String column, String value) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT " + COLUMNS + " FROM topup WHERE " + column + " = ?")) {
            select.setString(1, value);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(topUp(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the top-up with " + column + " " + value, e);
        }
    }

    /**
     * Locks the session's row, decides, stores what the decision changed and commits. The decision may post to the
     * ledger (in the ledger's own transaction): the lock is held until the row says so, and the ledger's transfer ids
     * make a repeat after a crash in between harmless.
     *
     * @return what happened; {@link TopUpOutcome#UNKNOWN_SESSION} when there is no such row
     */
    public TopUpOutcome change(String sessionId, Function<TopUp, Change> decision) {
        return Transactions.inTransaction(
                dataSource(),
                "cannot change the top-up of session " + sessionId,
                connection -> changeIn(connection, sessionId, decision));
    }

    private static TopUpOutcome changeIn(Connection connection, String sessionId, Function<TopUp, Change> decision)
            throws SQLException {
        TopUp current;
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM topup WHERE session_id = ? FOR UPDATE")) {
            select.setString(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return TopUpOutcome.UNKNOWN_SESSION;
                }
                current = topUp(row);
            }
        }
        Change change = decision.apply(current);
        if (change.store().isPresent()) {
            store(connection, change.store().get());
        }
        return change.outcome();
    }

    private static void store(Connection connection, TopUp topUp) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE topup SET status = ?, payment_intent_id = ?, refunded_credits = ?, fulfilled_at = ?,"
                        + " refunded_at = ? WHERE session_id = ?")) {
            update.setString(1, topUp.status().wireName());
            update.setString(2, topUp.paymentIntentId().orElse(null));
            update.setBigDecimal(3, topUp.refundedCredits());
            update.setTimestamp(4, topUp.fulfilledAt().map(Timestamp::from).orElse(null));
            update.setTimestamp(5, topUp.refundedAt().map(Timestamp::from).orElse(null));
            update.setString(6, topUp.sessionId());
            update.executeUpdate();
        }
    }

    private static TopUp topUp(ResultSet row) throws SQLException {
        return new TopUp(
                row.getString(1),
                row.getObject(2, UUID.class),
                new TopUpQuote(row.getBigDecimal(3), row.getBigDecimal(4)),
                TopUpStatus.of(row.getString(5)),
                Optional.ofNullable(row.getString(6)),
                row.getBigDecimal(7),
                row.getTimestamp(8).toInstant(),
                instant(row.getTimestamp(9)),
                instant(row.getTimestamp(10)));
    }

    private static Optional<Instant> instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }
}
