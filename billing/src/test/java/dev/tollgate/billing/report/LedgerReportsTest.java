package dev.tollgate.billing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.billing.FreshDatabase;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.Transfer;
import dev.tollgate.billing.ledger.TransferRequest.Hold;
import dev.tollgate.billing.ledger.TransferRequest.Post;
import dev.tollgate.billing.ledger.TransferRequest.VoidHold;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operators' reports against a real PostgreSQL, from transfers posted through the ledger. */
class LedgerReportsTest {

    private static final Instant HOLD_TIMEOUT = Instant.parse("2030-01-01T00:00:00Z");

    private DataSource database;
    private Ledger ledger;
    private LedgerReports reports;
    private UUID org;
    private UUID stripe;
    private UUID margin;
    private UUID fees;

    @BeforeEach
    void freshLedger() {
        database = FreshDatabase.create();
        ledger = new Ledger(database);
        reports = new LedgerReports(database);
        org = ledger.account(AccountKind.ORG_CREDITS, UUID.randomUUID().toString());
        stripe = ledger.account(AccountKind.PAYMENTS_CLEARING, "stripe");
        margin = ledger.account(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM);
        fees = ledger.account(AccountKind.FEE_REVENUE, AccountKind.PLATFORM);
        post(stripe, org, "100", "topup");
    }

    @Test
    void revenueIsPostedMarginAndFeesPerUtcDayWithEveryDayListed() throws SQLException {
        at("2026-11-20T23:59:59.999Z", post(org, margin, "0.000000000000000123", "usage_margin"));
        at("2026-11-20T23:59:59.999Z", post(stripe, fees, "0.80", "topup_fee"));
        at("2026-11-21T00:00:00Z", post(org, margin, "0.25", "usage_margin"));
        at("2026-11-21T12:00:00Z", post(margin, org, "0.05", "usage_margin_correction"));
        Hold hold = new Hold(
                UUID.randomUUID(), org, margin, new BigDecimal("7"), "usage_hold", Optional.empty(), HOLD_TIMEOUT);
        at("2026-11-21T12:00:00Z", ledger.apply(hold));
        at("2026-11-21T12:00:01Z", ledger.apply(new VoidHold(UUID.randomUUID(), hold.id())));
        at("2026-11-23T00:00:00Z", post(org, margin, "5", "usage_margin"));

        LedgerReports.Revenue revenue = reports.revenue(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-22"));

        assertEquals(
                List.of(
                        new DailyRevenue(
                                LocalDate.parse("2026-11-20"),
                                new BigDecimal("0.000000000000000123"),
                                new BigDecimal("0.80")),
                        new DailyRevenue(LocalDate.parse("2026-11-21"), new BigDecimal("0.20"), BigDecimal.ZERO),
                        new DailyRevenue(LocalDate.parse("2026-11-22"), BigDecimal.ZERO, BigDecimal.ZERO)),
                revenue.days(),
                "a hold and its void are not revenue; the 23rd is outside the range");
        assertEquals("0.200000000000000123", revenue.totalMargin().toPlainString());
        assertEquals("0.80", revenue.totalFees().toPlainString());
        assertEquals("1.000000000000000123", revenue.total().toPlainString());
    }

    @Test
    void aRangeIsAtMost366DaysAndNeverBackwards() {
        LocalDate leapYearStart = LocalDate.parse("2028-01-01");
        assertEquals(Optional.empty(), LedgerReports.rangeProblem(leapYearStart, LocalDate.parse("2028-12-31")));
        assertEquals(
                Optional.of("must be within 366 days of to, both included"),
                LedgerReports.rangeProblem(leapYearStart, LocalDate.parse("2029-01-01")));
        assertEquals(
                Optional.of("must not be after to"),
                LedgerReports.rangeProblem(leapYearStart, leapYearStart.minusDays(1)));
        assertThrows(IllegalArgumentException.class, () -> reports.revenue(leapYearStart, leapYearStart.minusDays(1)));
        assertEquals(
                366,
                reports.revenue(leapYearStart, LocalDate.parse("2028-12-31"))
                        .days()
                        .size());
    }

    @Test
    void payablesArePostedBalancesPerProviderMostOwedFirst() {
        UUID openai = ledger.account(AccountKind.PROVIDER_PAYABLE, "openai");
        UUID anthropic = ledger.account(AccountKind.PROVIDER_PAYABLE, "anthropic");
        ledger.account(AccountKind.PROVIDER_PAYABLE, "idle");
        post(org, openai, "0.000001", "usage_cost");
        post(org, openai, "0.000002", "usage_cost");
        post(org, anthropic, "3", "usage_cost");
        post(openai, stripe, "0.0000005", "payout");
        ledger.apply(new Hold(
                UUID.randomUUID(), org, openai, new BigDecimal("50"), "usage_hold", Optional.empty(), HOLD_TIMEOUT));

        assertEquals(
                List.of(
                        new ProviderPayable("anthropic", new BigDecimal("3"), 1),
                        new ProviderPayable("openai", new BigDecimal("0.0000025"), 2),
                        new ProviderPayable("idle", BigDecimal.ZERO, 0)),
                reports.payables(),
                "a hold owes nothing yet");
    }

    private Transfer post(UUID debit, UUID credit, String amount, String code) {
        return ledger.apply(new Post(UUID.randomUUID(), debit, credit, new BigDecimal(amount), code, Optional.empty()));
    }

    /** Back-dates a transfer: the ledger stamps transfers with the database's clock. */
    private void at(String moment, Transfer transfer) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement update =
                        connection.prepareStatement("UPDATE ledger_transfer SET created_at = ? WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(Instant.parse(moment)));
            update.setObject(2, transfer.id());
            assertEquals(1, update.executeUpdate());
        }
    }
}
