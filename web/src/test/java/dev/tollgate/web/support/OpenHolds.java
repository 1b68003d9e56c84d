package dev.tollgate.web.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads, straight from the ledger's tables, the holds of an organisation that nobody posted or voided. */
public final class OpenHolds {

    private OpenHolds() {}

    public static int of(Connection database, String organisationId) throws SQLException {
        try (PreparedStatement select = database.prepareStatement("SELECT count(*) FROM ledger_transfer t"
                + " JOIN ledger_account a ON a.id = t.debit_account"
                + " WHERE a.kind = 'org_credits' AND a.owner = ? AND t.state = 'pending'"
                + " AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = t.id)")) {
            select.setString(1, organisationId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
