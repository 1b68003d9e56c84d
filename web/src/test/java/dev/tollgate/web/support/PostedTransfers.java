package dev.tollgate.web.support;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Reads, straight from the ledger's tables, what one call posted: its transfers' amounts by code. */
public final class PostedTransfers {

    private PostedTransfers() {}

    /** The posted transfers that reference the generation, amount by code ({@code usage_cost}, {@code usage_margin}). */
    public static Map<String, BigDecimal> of(String generationId) throws SQLException {
        Map<String, BigDecimal> byCode = new HashMap<>();
        try (Connection connection = SharedPostgres.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT code, amount FROM ledger_transfer WHERE reference = ? AND state = 'posted'")) {
            LedgerChecks.postJournal(connection);
            select.setString(1, generationId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byCode.merge(rows.getString(1), rows.getBigDecimal(2), BigDecimal::add);
                }
            }
        }
        return byCode;
    }
}
