package dev.tollgate.web.console;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.billing.report.DailyRevenue;
import dev.tollgate.billing.report.LedgerReports;
import dev.tollgate.web.chart.ChartData;
import dev.tollgate.web.chart.StackedBarChart;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** What the platform earned per UTC day of a range: the margin on calls and the fees of top-ups, with totals. */
@Route(value = "console/revenue", layout = PortalLayout.class)
@PageTitle("Revenue · Operator console · Tollgate")
@CdiComponent
public class RevenueView extends ConsoleView {

    /** The range shown first: the last 30 days, today included (as the operator API's default). */
    static final int DEFAULT_DAYS = 30;

    static final String MARGIN = "Margin";
    static final String FEES = "Fees";

    private final LedgerReports reports;
    private final DatePicker from = new DatePicker("From (UTC)");
    private final DatePicker to = new DatePicker("To (UTC)");
    private final Div chart = new Div();
    private final Paragraph totals = new Paragraph();
    private final Grid<DailyRevenue> days = new Grid<>();

    @Inject
    public RevenueView(LedgerReports reports) {
        this.reports = reports;
        LocalDate today = LocalDate.now(Clock.systemUTC());
        from.setId("revenue-from");
        from.setValue(today.minusDays(DEFAULT_DAYS - 1));
        to.setId("revenue-to");
        to.setValue(today);
        Button show = new Button("Show", click -> show());
        show.setId("revenue-show");
        show.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        FlexLayout range = new FlexLayout(from, to, show);
        range.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        range.setAlignItems(FlexComponent.Alignment.BASELINE);
        range.getStyle().set("gap", "var(--lumo-space-m)");

        chart.setId("revenue-chart");
        chart.setWidthFull();
        totals.setId("revenue-totals");
        days.setId("revenue-days");
        days.addColumn(day -> day.date().toString()).setHeader("Day").setAutoWidth(true);
        days.addColumn(day -> Decimals.usd(day.margin())).setHeader(MARGIN).setTextAlign(ColumnTextAlign.END);
        days.addColumn(day -> Decimals.usd(day.fees())).setHeader(FEES).setTextAlign(ColumnTextAlign.END);
        days.addColumn(day -> Decimals.usd(day.total())).setHeader("Total").setTextAlign(ColumnTextAlign.END);
        days.setAllRowsVisible(true);
        add(
                new H1("Revenue"),
                new Paragraph("Posted transfers to the platform's revenue accounts per UTC day: the margin on each call"
                        + " (list price less the provider's cost) and the fee of each top-up."),
                range,
                totals,
                chart,
                days);
    }

    @Override
    void entered() {
        show();
    }

    private void show() {
        Optional<String> problem = rangeProblem(from.getValue(), to.getValue());
        from.setErrorMessage(problem.orElse(null));
        from.setInvalid(problem.isPresent());
        if (problem.isPresent()) {
            return;
        }
        LedgerReports.Revenue revenue = platformWide(() -> reports.revenue(from.getValue(), to.getValue()));
        totals.setText("Margin " + Decimals.usd(revenue.totalMargin()) + " · Fees " + Decimals.usd(revenue.totalFees())
                + " · Total " + Decimals.usd(revenue.total()));
        chart.removeAll();
        chart.add(new StackedBarChart(
                "Revenue per day, USD",
                chartData(revenue.days()),
                Decimals::usd,
                "No revenue in these days: margins come with calls, fees with top-ups."));
        // The table lists the days that earned something, newest first; the chart shows every day.
        days.setItems(revenue.days().stream()
                .filter(day -> day.total().signum() != 0)
                .sorted((a, b) -> b.date().compareTo(a.date()))
                .toList());
    }

    /** What is wrong with the range, said so that the operator knows what to change. */
    static Optional<String> rangeProblem(LocalDate first, LocalDate last) {
        if (first == null || last == null) {
            return Optional.of("Choose both days, as YYYY-MM-DD.");
        }
        return LedgerReports.rangeProblem(first, last).map(problem -> "From " + problem + ".");
    }

    /** Margin and fees stacked per day; days labelled MM-DD, or in full when the range holds a day twice so. */
    static ChartData chartData(List<DailyRevenue> revenue) {
        boolean shortLabels = revenue.stream()
                        .map(day -> day.date().toString().substring(5))
                        .distinct()
                        .count()
                == revenue.size();
        List<String> labels = revenue.stream()
                .map(day -> shortLabels
                        ? day.date().toString().substring(5)
                        : day.date().toString())
                .toList();
        ChartData.Builder data = ChartData.builder(labels);
        for (int i = 0; i < revenue.size(); i++) {
            data.add(labels.get(i), MARGIN, revenue.get(i).margin())
                    .add(labels.get(i), FEES, revenue.get(i).fees());
        }
        return data.build();
    }
}
