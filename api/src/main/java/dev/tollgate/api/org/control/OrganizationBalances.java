package dev.tollgate.api.org.control;

import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Every organisation with what it can spend, for operators: newest first, a page at a time, searched by name or id.
 * Across organisations by nature: the caller runs it in the platform's scope, for an operator only; in a tenant's
 * scope row-level security would show that tenant alone.
 */
@ApplicationScoped
public class OrganizationBalances {

    @Inject
    Database database;

    @Inject
    Ledger ledger;

    private final DataSource fixed;

    /** For CDI: the application's database. */
    public OrganizationBalances() {
        this.fixed = null;
    }

    /** For tests: a database of their own. */
    public OrganizationBalances(DataSource dataSource) {
        this.fixed = dataSource;
    }

    /**
     * One organisation and its credits.
     *
     * @param available posted credits less posted and pending debits (holds of calls in flight), in USD; zero for an
     *     organisation that never had credits
     */
    public record OrganizationBalance(
            UUID id, String name, boolean personal, int members, BigDecimal available, Instant createdAt) {}

    // The credit account's owner is the organisation's id as text: the join compares text, so its index serves it.
    private static final String FROM = " FROM organization o LEFT JOIN ledger_account a"
            + " ON a.kind = 'org_credits' AND a.owner = o.id::text"
            + " WHERE (? = '' OR o.name ILIKE ? ESCAPE '\\' OR o.id::text = ?)";

    /** How many organisations match {@code search} (part of the name, or the whole id; empty: all). */
    public int count(String search) {
        ledger().applyJournal();
        return query("SELECT count(*)" + FROM, search, List.of(), rows -> rows.getInt(1))
                .get(0);
    }

    /** A page of the organisations that match {@code search}, newest first. */
    public List<OrganizationBalance> page(String search, int offset, int limit) {
        ledger().applyJournal();
        return query(
                "SELECT o.id, o.name, o.personal, (SELECT count(*) FROM membership m WHERE m.organization_id = o.id),"
                        + " coalesce(a.credits_posted - a.debits_posted - a.debits_pending, 0), o.created_at"
                        + FROM + " ORDER BY o.created_at DESC, o.id LIMIT ? OFFSET ?",
                search,
                List.of(limit, offset),
                rows -> new OrganizationBalance(
                        rows.getObject(1, UUID.class),
                        rows.getString(2),
                        rows.getBoolean(3),
                        rows.getInt(4),
                        rows.getBigDecimal(5),
                        rows.getTimestamp(6).toInstant()));
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, String search, List<Integer> paging, Row<T> row) {
        String term = search == null ? "" : search.strip();
        String like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, term);
            select.setString(2, like);
            select.setString(3, term.toLowerCase(java.util.Locale.ROOT));
            for (int i = 0; i < paging.size(); i++) {
                select.setInt(4 + i, paging.get(i));
            }
            List<T> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(row.read(rows));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the organisations' balances", e);
        }
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }

    /** The ledger, to post its journal before reading: what calls settled a moment ago is in what is read. */
    private Ledger ledger() {
        return fixed != null ? new Ledger(fixed) : ledger;
    }
}
