package dev.tollgate.web.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.server.VaadinSession;
import dev.tollgate.billing.report.DailyRevenue;
import dev.tollgate.db.tenancy.TenantScope;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import dev.tollgate.routing.health.BreakerState;
import dev.tollgate.routing.health.EndpointStatus;
import dev.tollgate.routing.health.Percentiles;
import dev.tollgate.web.chart.ChartData;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's report pages: what they compute from the ledger's and health's numbers, and who may read them. */
class ConsoleReportsTest {

    @BeforeEach
    void vaadin() {
        MockVaadin.setup();
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    @Test
    void amountsShowCentsAndEveryDigitTheLedgerHolds() {
        assertEquals("$10.50", Decimals.usd(new BigDecimal("10.5")));
        assertEquals("$0.000001234", Decimals.usd(new BigDecimal("0.000001234000")));
        assertEquals("$1000000.00", Decimals.usd(new BigDecimal("1E+6")));
        assertEquals("-$0.25", Decimals.usd(new BigDecimal("-0.25")));
    }

    @Test
    void revenueStacksMarginAndFeesPerDay() {
        List<DailyRevenue> days = List.of(
                new DailyRevenue(LocalDate.parse("2026-11-20"), new BigDecimal("1.25"), BigDecimal.ZERO),
                new DailyRevenue(LocalDate.parse("2026-11-21"), new BigDecimal("0.5"), new BigDecimal("0.80")));

        ChartData data = RevenueView.chartData(days);

        assertEquals(List.of("11-20", "11-21"), data.categories());
        assertEquals(
                List.of(new BigDecimal("1.25"), new BigDecimal("0.5")),
                data.series().get("Margin"));
        assertEquals(0, new BigDecimal("1.30").compareTo(data.total(1)));
    }

    @Test
    void aRangeThatHoldsADayOfTheYearTwiceIsLabelledInFull() {
        List<DailyRevenue> days = List.of(
                new DailyRevenue(LocalDate.parse("2025-11-22"), BigDecimal.ONE, BigDecimal.ZERO),
                new DailyRevenue(LocalDate.parse("2026-11-22"), BigDecimal.TEN, BigDecimal.ZERO));

        ChartData data = RevenueView.chartData(days);

        assertEquals(List.of("2025-11-22", "2026-11-22"), data.categories());
        assertEquals(List.of(BigDecimal.ONE, BigDecimal.TEN), data.series().get("Margin"));
    }

    @Test
    void aBadRangeSaysWhatToChange() {
        LocalDate day = LocalDate.parse("2026-11-22");
        assertEquals(Optional.of("From must not be after to."), RevenueView.rangeProblem(day, day.minusDays(1)));
        assertEquals(
                Optional.of("From must be within 366 days of to, both included."),
                RevenueView.rangeProblem(day.minusDays(366), day));
        assertEquals(Optional.of("Choose both days, as YYYY-MM-DD."), RevenueView.rangeProblem(null, day));
        assertEquals(Optional.empty(), RevenueView.rangeProblem(day.minusDays(365), day));
    }

    @Test
    void healthListsEveryEndpointAndChartsTheSlowestMeasuredOnes() {
        RoutableEndpoint fast = endpoint("m/a", "fast");
        RoutableEndpoint slow = endpoint("m/a", "slow");
        RoutableEndpoint idle = endpoint("m/b", "idle");
        CatalogSnapshot snapshot = new CatalogSnapshot(
                1, Instant.EPOCH, List.of(model("m/b"), model("m/a")), List.of(idle, slow, fast), List.of());
        Map<UUID, EndpointStatus> statuses = Map.of(
                fast.id(), measured(120, 300, BreakerState.CLOSED),
                slow.id(), measured(900.4, 2500.6, BreakerState.OPEN));

        List<ProviderHealthView.Row> rows =
                ProviderHealthView.rows(snapshot, id -> statuses.getOrDefault(id, EndpointStatus.UNMEASURED));

        assertEquals(
                List.of("m/a@fast", "m/a@slow", "m/b@idle"),
                rows.stream().map(ProviderHealthView.Row::label).toList());
        ChartData chart = ProviderHealthView.latencyChart(rows);
        assertEquals(List.of("m/a@slow", "m/a@fast"), chart.categories(), "measured only, slowest p99 first");
        assertEquals(
                List.of(new BigDecimal("900"), new BigDecimal("120")),
                chart.series().get("p50"));
        assertEquals(
                List.of(new BigDecimal("1601"), new BigDecimal("180")),
                chart.series().get("p50 to p99"));
        assertEquals("tripped: no calls", ProviderHealthView.breaker(rows.get(1).status()));
        assertEquals("up", ProviderHealthView.breaker(rows.get(2).status()));
        assertEquals(
                "–", ProviderHealthView.millis(rows.get(2).status().latency30m().map(Percentiles::p50)));
        assertEquals("99.5 %", ProviderHealthView.percent(Optional.of(99.46)));
    }

    @Test
    void platformWideWorkRunsInThePlatformsScopeForAnOperatorOnly() {
        assertThrows(IllegalStateException.class, () -> ConsoleView.platformWide(TenantScope::current));

        VaadinSession.getCurrent().setAttribute(OperatorSession.class.getName(), Boolean.TRUE);
        UUID operatorsOwn = UUID.randomUUID();
        TenantScope seen = TenantScope.tenant(operatorsOwn).call(() -> ConsoleView.platformWide(TenantScope::current));

        assertEquals(TenantScope.platform(), seen);
        TenantScope after = TenantScope.tenant(operatorsOwn).call(() -> {
            ConsoleView.platformWide(() -> null);
            return TenantScope.current();
        });
        assertEquals(TenantScope.tenant(operatorsOwn), after, "the scope before is restored");
    }

    private static CatalogModel model(String id) {
        return new CatalogModel(id, id, "", 8000, List.of("text"), List.of("text"), Instant.EPOCH);
    }

    private static RoutableEndpoint endpoint(String model, String provider) {
        TokenPrices price = new TokenPrices(new BigDecimal("0.000001"), new BigDecimal("0.000001"), null, null);
        return new RoutableEndpoint(
                UUID.randomUUID(),
                model,
                new CatalogProvider(
                        provider,
                        provider,
                        Protocol.SIMULATOR,
                        URI.create("simulator://x"),
                        Optional.empty(),
                        false,
                        false),
                "upstream",
                price,
                BigDecimal.ZERO,
                price,
                8000,
                Optional.empty(),
                Set.of(),
                Optional.empty(),
                Optional.empty());
    }

    private static EndpointStatus measured(double p50, double p99, BreakerState breaker) {
        Percentiles latency = new Percentiles(p50, p50, p99, p99);
        return new EndpointStatus(
                breaker,
                false,
                Optional.of(latency),
                Optional.of(latency),
                Optional.empty(),
                Optional.empty(),
                Optional.of(100.0),
                Optional.of(100.0),
                Optional.of(100.0));
    }
}
