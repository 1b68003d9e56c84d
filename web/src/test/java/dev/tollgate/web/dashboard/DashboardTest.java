package dev.tollgate.web.dashboard;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.RouterLink;
import dev.tollgate.api.generation.control.ActivityEntry;
import dev.tollgate.api.generation.control.DailyUsage;
import dev.tollgate.api.generation.control.UsageOverview;
import dev.tollgate.web.activity.Entries;
import dev.tollgate.web.chart.ChartData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardTest {

    private static final List<LocalDate> DAYS = LocalDate.parse("2026-10-24")
            .datesUntil(LocalDate.parse("2026-11-23"))
            .toList();

    @BeforeEach
    void vaadin() {
        // The recent generations link into Activity: its route must be known.
        MockVaadin.setup(new Routes().autoDiscoverViews("dev.tollgate.web.activity"));
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    private static UsageOverview overview() {
        return new UsageOverview(
                new BigDecimal("0.3"),
                new BigDecimal("3.3"),
                new BigDecimal("15.00004"),
                DAYS,
                List.of(
                        new DailyUsage(LocalDate.parse("2026-11-21"), "m/a", new BigDecimal("1.00"), 1500, 3),
                        new DailyUsage(LocalDate.parse("2026-11-22"), "m/a", new BigDecimal("0.10"), 150, 1),
                        new DailyUsage(LocalDate.parse("2026-11-22"), "m/b", new BigDecimal("0.20"), 250, 2)));
    }

    private static String text(String id) {
        return _get(Span.class, spec -> spec.withId(id)).getText();
    }

    @Test
    void theTilesShowTheBalanceAndSpendRoundedWithTheExactAmountInTheirTitle() {
        UI.getCurrent()
                .add(new Dashboard(
                        "Acme",
                        new BigDecimal("99.996604"),
                        overview(),
                        List.of(Entries.entry("gen-1", Instant.parse("2026-11-22T09:00:00Z"), "m/a", "0.10"))));

        assertEquals("$100.00", text("balance"));
        assertEquals(
                "$99.996604",
                _get(Span.class, spec -> spec.withId("balance")).getElement().getAttribute("title"));
        assertEquals("$0.30", text("spend-today"));
        assertEquals("$3.30", text("spend-week"));
        assertEquals("$15.00", text("spend-month"));
        @SuppressWarnings("unchecked")
        Grid<ActivityEntry> recent = _get(Grid.class, spec -> spec.withId("recent-generations"));
        RouterLink detail = (RouterLink) GridKt._getCellComponent(recent, 0, "time");
        assertEquals("activity?generation=gen-1", detail.getHref());
        assertEquals(
                "activity",
                _get(RouterLink.class, spec -> spec.withId("dashboard-all-activity"))
                        .getHref());
        assertTrue(
                _find(Paragraph.class, spec -> spec.withId("dashboard-empty")).isEmpty());
    }

    @Test
    void theChartsHaveADayPerCategoryAndAModelPerSeries() {
        ChartData spend = Dashboard.chart(overview(), DailyUsage::spend);
        ChartData tokens = Dashboard.chart(overview(), usage -> BigDecimal.valueOf(usage.tokens()));

        assertEquals(30, spend.categories().size());
        assertEquals("10-24", spend.categories().get(0));
        assertEquals("11-22", spend.categories().get(29));
        assertEquals(List.of("m/a", "m/b"), List.copyOf(spend.series().keySet()));
        assertEquals(new BigDecimal("0.30"), spend.total(29));
        assertEquals(new BigDecimal("400"), tokens.total(29));
        assertEquals(new BigDecimal("1500"), tokens.series().get("m/a").get(28));
    }

    @Test
    void withoutCallsItSaysHowToMakeTheFirstOne() {
        UI.getCurrent()
                .add(new Dashboard(
                        "Acme",
                        BigDecimal.ZERO,
                        new UsageOverview(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, DAYS, List.of()),
                        List.of()));

        assertTrue(_get(Paragraph.class, spec -> spec.withId("dashboard-empty"))
                .getText()
                .startsWith("No calls yet. Create a key"));
        assertEquals("$0.00", text("balance"));
    }
}
