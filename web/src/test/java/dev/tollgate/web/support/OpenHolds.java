package dev.tollgate.web.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Reads, straight from the ledger's tables, the holds of an organisation that nobody posted or voided. */
public final class OpenHolds {

    private OpenHolds() {}

    public static int of(Connection database, String organisationId) throws SQLException {
        return byId(database, organisationId).size();
    }

    /** The open holds by id, each with its code: {@code usage_hold} for a call's own, {@code credit_lease} for a lease. */
    public static Map<String, String> byId(Connection database, String organisationId) throws SQLException {
        LedgerChecks.postJournal(database);
        Map<String, String> holds = new HashMap<>();
        try (PreparedStatement select = database.prepareStatement("SELECT t.id, t.code FROM ledger_transfer t"
                + " JOIN ledger_account a ON a.id = t.debit_account"
                + " WHERE a.kind = 'org_credits' AND a.owner = ? AND t.state = 'pending'"
                + " AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = t.id)")) {
            select.setString(1, organisationId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    holds.put(row.getString(1), row.getString(2));
                }
            }
        }
        return holds;
    }
}
