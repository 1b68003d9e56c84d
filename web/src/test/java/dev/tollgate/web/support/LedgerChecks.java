package dev.tollgate.web.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fault must not break, read straight from the ledger's and the generations' tables of a Tollgate whose
 * database the test can reach: debits equal credits, each call settled once at what it reported, and no call's cost
 * without its generation or the other way round.
 */
public final class LedgerChecks {

    private LedgerChecks() {}

    /**
     * Posts every settlement still in the ledger's journal (docs/decisions.md, "A call's settlement is journaled, and
     * posted behind it"), as Tollgate does before it reads the ledger: a call's cost is committed when it answers, and
     * posted to the accounts a few milliseconds behind.
     */
    public static void postJournal(Connection database) throws SQLException {
        try (PreparedStatement apply = database.prepareStatement("SELECT ledger_journal_apply(1000000, true)");
                ResultSet row = apply.executeQuery()) {
            row.next();
        }
    }

    /** Debits equal credits over the whole ledger, and every account's running sums equal its transfers. */
    public static void assertBalanced(Connection database) throws SQLException {
        postJournal(database);
        try (PreparedStatement select = database.prepareStatement(
                        "SELECT sum(debits_posted) - sum(credits_posted), (SELECT count(*) FROM ledger_account a"
                                + " WHERE a.debits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t"
                                + "   WHERE t.debit_account = a.id AND t.state = 'posted')"
                                + " OR a.credits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t"
                                + "   WHERE t.credit_account = a.id AND t.state = 'posted')"
                                + " OR a.debits_pending <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t"
                                + "   WHERE t.debit_account = a.id AND t.state = 'pending' AND NOT EXISTS"
                                + "   (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = t.id))) FROM ledger_account");
                ResultSet row = select.executeQuery()) {
            row.next();
            assertEquals(0, row.getBigDecimal(1).signum(), "debits equal credits");
            assertEquals(0, row.getInt(2), "running sums equal the transfers");
        }
    }

    /** The call was settled once: one transfer to the provider, one to the margin, together what it reported. */
    public static void assertSettledOnceAt(Connection database, String generation, BigDecimal cost)
            throws SQLException {
        postJournal(database);
        try (PreparedStatement select = database.prepareStatement("SELECT count(*) FILTER (WHERE code = 'usage_cost'),"
                + " count(*) FILTER (WHERE code = 'usage_margin'), coalesce(sum(amount), 0) FROM ledger_transfer"
                + " WHERE reference = ? AND state = 'posted' AND code IN ('usage_cost', 'usage_margin')")) {
            select.setString(1, generation);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                assertEquals(1, row.getInt(1), generation + ": one transfer to the provider");
                assertEquals(1, row.getInt(2), generation + ": one to the margin");
                assertEquals(0, cost.compareTo(row.getBigDecimal(3)), generation + ": settled at what it reported");
            }
        }
    }

    /** What the organisation's calls posted (usage_cost and usage_margin out of its credits). */
    public static BigDecimal usage(Connection database, String organisationId) throws SQLException {
        postJournal(database);
        try (PreparedStatement select = database.prepareStatement("SELECT coalesce(sum(t.amount), 0)"
                + " FROM ledger_transfer t JOIN ledger_account a ON a.id = t.debit_account"
                + " WHERE a.kind = 'org_credits' AND a.owner = ? AND t.state = 'posted'"
                + " AND t.code IN ('usage_cost', 'usage_margin')")) {
            select.setString(1, organisationId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        }
    }

    /**
     * The organisation's generations and settlements that do not match: a generation with a cost and no settlement
     * at that cost, or a settlement without its generation. Empty when every one is whole.
     */
    public static List<String> halfWritten(Connection database, String organisationId) throws SQLException {
        postJournal(database);
        List<String> mismatches = new ArrayList<>();
        try (PreparedStatement select = database.prepareStatement("WITH posts AS (SELECT t.reference,"
                + "   sum(t.amount) AS amount FROM ledger_transfer t JOIN ledger_account a ON a.id = t.debit_account"
                + "   WHERE a.kind = 'org_credits' AND a.owner = ? AND t.state = 'posted'"
                + "   AND t.code IN ('usage_cost', 'usage_margin') GROUP BY t.reference),"
                + " costs AS (SELECT id, total_cost FROM generation WHERE organization_id = ?::uuid"
                + "   AND total_cost > 0)"
                + " SELECT coalesce(c.id, p.reference), c.total_cost, p.amount FROM costs c"
                + " FULL JOIN posts p ON p.reference = c.id"
                + " WHERE c.id IS NULL OR p.reference IS NULL OR c.total_cost <> p.amount")) {
            select.setString(1, organisationId);
            select.setString(2, organisationId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    mismatches.add(row.getString(1) + ": generation's cost " + row.getBigDecimal(2) + ", settled "
                            + row.getBigDecimal(3));
                }
            }
        }
        return mismatches;
    }

    /** The organisation's generations' costs added up. */
    public static BigDecimal generationCosts(Connection database, String organisationId) throws SQLException {
        postJournal(database);
        try (PreparedStatement select = database.prepareStatement(
                "SELECT coalesce(sum(total_cost), 0) FROM generation WHERE organization_id = ?::uuid")) {
            select.setString(1, organisationId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        }
    }

    /** Whether the hold was released (voided) rather than left open. */
    public static boolean voided(Connection database, String holdId) throws SQLException {
        postJournal(database);
        try (PreparedStatement select = database.prepareStatement(
                "SELECT count(*) FROM ledger_transfer WHERE pending_id = ?::uuid AND state = 'voided'")) {
            select.setString(1, holdId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1) == 1;
            }
        }
    }
}
