package dev.tollgate.billing.report;

import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Operators' reports, read from the ledger's posted transfers and account sums; holds (pending) and voids never count.
 * Days are UTC days.
 */
@ApplicationScoped
public class LedgerReports {

    /** The longest revenue report, in days: a year, leap years included. */
    public static final int MAX_DAYS = 366;

    @Inject
    Database database;

    @Inject
    Ledger ledger;

    private final DataSource fixed;

    /** For CDI: the application's database. */
    public LedgerReports() {
        this.fixed = null;
    }

    /** For tests: a database of their own. */
    public LedgerReports(DataSource dataSource) {
        this.fixed = dataSource;
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }

    /** The ledger, to post its journal before reading: what calls settled a moment ago is in what is read. */
    private Ledger ledger() {
        return fixed != null ? new Ledger(fixed) : ledger;
    }

    /** Revenue of every day of a range, days without any included as zeros (a chart needs each day). */
    public record Revenue(List<DailyRevenue> days) {

        public BigDecimal totalMargin() {
            return sum(DailyRevenue::margin);
        }

        public BigDecimal totalFees() {
            return sum(DailyRevenue::fees);
        }

        public BigDecimal total() {
            return sum(DailyRevenue::total);
        }

        private BigDecimal sum(Function<DailyRevenue, BigDecimal> field) {
            return days.stream().map(field).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** What is wrong with a range of days, if anything, said as the end of "from …". */
    public static Optional<String> rangeProblem(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            return Optional.of("must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            return Optional.of("must be within " + MAX_DAYS + " days of to, both included");
        }
        return Optional.empty();
    }

    /** Margin and fee revenue of each UTC day from {@code from} to {@code to}, both included. */
    public Revenue revenue(LocalDate from, LocalDate to) {
        ledger().applyJournal();
        rangeProblem(from, to).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        TreeMap<LocalDate, DailyRevenue> days = new TreeMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.put(day, new DailyRevenue(day, BigDecimal.ZERO, BigDecimal.ZERO));
        }
        // Credits to a revenue account add to it, debits (a correction) take from it; each side uses its own index.
        String side = "SELECT a.kind, (t.created_at AT TIME ZONE 'UTC')::date, %s sum(t.amount)"
                + " FROM ledger_account a JOIN ledger_transfer t ON t.%s = a.id"
                + " WHERE a.kind IN ('margin_revenue', 'fee_revenue') AND t.state = 'posted'"
                + " AND t.created_at >= ? AND t.created_at < ? GROUP BY 1, 2";
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        side.formatted("", "credit_account") + " UNION ALL " + side.formatted("-", "debit_account"))) {
            Timestamp start = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
            Timestamp end =
                    Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            select.setTimestamp(1, start);
            select.setTimestamp(2, end);
            select.setTimestamp(3, start);
            select.setTimestamp(4, end);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    boolean margin = rows.getString(1).equals("margin_revenue");
                    BigDecimal amount = rows.getBigDecimal(3);
                    days.computeIfPresent(
                            rows.getObject(2, LocalDate.class),
                            (date, day) -> new DailyRevenue(
                                    date,
                                    margin ? day.margin().add(amount) : day.margin(),
                                    margin ? day.fees() : day.fees().add(amount)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the revenue from " + from + " to " + to, e);
        }
        return new Revenue(new ArrayList<>(days.values()));
    }

    /** Every provider's payable account, the most owed first. */
    public List<ProviderPayable> payables() {
        ledger().applyJournal();
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT a.owner,"
                        + " a.credits_posted - a.debits_posted AS owed,"
                        + " (SELECT count(*) FROM ledger_transfer t"
                        + " WHERE t.credit_account = a.id AND t.code = 'usage_cost' AND t.state = 'posted')"
                        + " FROM ledger_account a WHERE a.kind = 'provider_payable' ORDER BY owed DESC, a.owner");
                ResultSet rows = select.executeQuery()) {
            List<ProviderPayable> payables = new ArrayList<>();
            while (rows.next()) {
                payables.add(new ProviderPayable(rows.getString(1), rows.getBigDecimal(2), rows.getLong(3)));
            }
            return payables;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read what is owed to providers", e);
        }
    }
}
