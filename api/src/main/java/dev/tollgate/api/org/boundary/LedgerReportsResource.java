package dev.tollgate.api.org.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.operator.OperatorApi;
import dev.tollgate.billing.ledger.AccountBalance;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.report.LedgerReports;
import dev.tollgate.billing.report.ProviderPayable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/v1/ledger}: the operators' view of the ledger: sums per account kind, revenue per UTC day and what
 * is owed to each provider. Amounts are decimal strings in USD, exact, as everywhere in the operator API.
 */
@Path("admin/v1/ledger")
@ApplicationScoped
@OperatorApi
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: ledger")
@SecurityRequirement(name = "operatorToken")
public class LedgerReportsResource {

    /** The revenue report's range when none is asked for: the last 30 days, today included. */
    static final int DEFAULT_DAYS = 30;

    @Inject
    Ledger ledger;

    @Inject
    LedgerReports reports;

    private final Clock clock = Clock.systemUTC();

    public record AccountKindTotals(
            String kind,
            int accounts,
            String debitsPosted,
            String creditsPosted,
            String debitsPending,
            String creditsPending) {}

    public record LedgerSummary(
            List<AccountKindTotals> accounts, String totalDebits, String totalCredits, boolean balanced) {}

    @GET
    @Path("summary")
    @Operation(summary = "Posted and pending sums per account kind, and whether debits equal credits")
    public LedgerSummary summary() {
        List<AccountBalance> all = ledger.accounts();
        List<AccountKindTotals> kinds = new ArrayList<>();
        for (AccountKind kind : AccountKind.values()) {
            List<AccountBalance> ofKind =
                    all.stream().filter(account -> account.kind() == kind).toList();
            kinds.add(new AccountKindTotals(
                    kind.wireName(),
                    ofKind.size(),
                    sum(ofKind, AccountBalance::debitsPosted).toPlainString(),
                    sum(ofKind, AccountBalance::creditsPosted).toPlainString(),
                    sum(ofKind, AccountBalance::debitsPending).toPlainString(),
                    sum(ofKind, AccountBalance::creditsPending).toPlainString()));
        }
        BigDecimal debits = sum(all, AccountBalance::debitsPosted);
        BigDecimal credits = sum(all, AccountBalance::creditsPosted);
        return new LedgerSummary(
                kinds, debits.toPlainString(), credits.toPlainString(), debits.compareTo(credits) == 0);
    }

    private static BigDecimal sum(List<AccountBalance> accounts, Function<AccountBalance, BigDecimal> field) {
        return accounts.stream().map(field).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public record DayView(String date, String margin, String fees, String total) {}

    public record RevenueView(List<DayView> data, String totalMargin, String totalFees, String total) {}

    @GET
    @Path("revenue")
    @Operation(
            summary = "Revenue per UTC day, every day of the range listed (zeros included): margin (list price less"
                    + " provider cost of each call) and fees (of top-ups), posted transfers only")
    public RevenueView revenue(
            @Parameter(description = "first UTC day, YYYY-MM-DD; default: 29 days before to") @QueryParam("from")
                    String from,
            @Parameter(description = "last UTC day, included, YYYY-MM-DD; default: today") @QueryParam("to")
                    String to) {
        LocalDate last = day("to", to).orElseGet(() -> LocalDate.now(clock));
        LocalDate first = day("from", from).orElseGet(() -> last.minusDays(DEFAULT_DAYS - 1));
        LedgerReports.rangeProblem(first, last).ifPresent(problem -> {
            throw new InvalidFieldException("from", problem);
        });
        LedgerReports.Revenue revenue = reports.revenue(first, last);
        return new RevenueView(
                revenue.days().stream()
                        .map(day -> new DayView(
                                day.date().toString(),
                                day.margin().toPlainString(),
                                day.fees().toPlainString(),
                                day.total().toPlainString()))
                        .toList(),
                revenue.totalMargin().toPlainString(),
                revenue.totalFees().toPlainString(),
                revenue.total().toPlainString());
    }

    private static Optional<LocalDate> day(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(name, "must be a date as YYYY-MM-DD");
        }
    }

    public record PayableView(String provider, String owed, long calls) {}

    public record PayablesView(List<PayableView> data, String totalOwed) {}

    @GET
    @Path("payables")
    @Operation(
            summary = "What is owed to each provider (the posted balance of its payable account), most owed first,"
                    + " with the number of calls settled to it")
    public PayablesView payables() {
        List<ProviderPayable> payables = reports.payables();
        return new PayablesView(
                payables.stream()
                        .map(payable -> new PayableView(
                                payable.provider(), payable.owed().toPlainString(), payable.calls()))
                        .toList(),
                payables.stream()
                        .map(ProviderPayable::owed)
                        .reduce(BigDecimal.ZERO, BigDecimal::add)
                        .toPlainString());
    }
}
