package dev.tollgate.web.console;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.function.ValueProvider;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.routing.catalog.Catalog;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.health.EndpointHealth;
import dev.tollgate.routing.health.EndpointStatus;
import dev.tollgate.routing.health.Percentiles;
import dev.tollgate.web.chart.ChartData;
import dev.tollgate.web.chart.StackedBarChart;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The health of every endpoint of the catalog as this replica measures it, live from memory: breaker, uptime,
 * latency and throughput. Health keeps rolling windows (5 minutes, 30 minutes, a day), not a history, so the page
 * shows the numbers now, with their windows, and a chart across endpoints rather than across time.
 */
@Route(value = "console/health", layout = PortalLayout.class)
@PageTitle("Provider health · Operator console · Tollgate")
@CdiComponent
public class ProviderHealthView extends ConsoleView {

    /** How many endpoints the latency chart compares: the slowest ones, which are the ones to look at. */
    static final int CHARTED = 20;

    private final Catalog catalog;
    private final EndpointHealth health;
    private final Grid<Row> grid = new Grid<>();
    private final Div chart = new Div();

    /** One endpoint and its status now. */
    record Row(String model, String provider, EndpointStatus status) {

        String label() {
            return model + "@" + provider;
        }
    }

    @Inject
    public ProviderHealthView(Catalog catalog, EndpointHealth health) {
        this.catalog = catalog;
        this.health = health;
        grid.setId("endpoint-health");
        grid.addColumn(Row::model).setHeader("Model").setAutoWidth(true);
        grid.addColumn(Row::provider).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(row -> breaker(row.status())).setHeader("State").setAutoWidth(true);
        number(grid, "Uptime 5 min", row -> percent(row.status().uptime5m()));
        number(grid, "Uptime 30 min", row -> percent(row.status().uptime30m()));
        number(grid, "Uptime 1 day", row -> percent(row.status().uptime1d()));
        number(grid, "Latency p50", row -> millis(row.status().latency30m().map(Percentiles::p50)));
        number(grid, "Latency p99", row -> millis(row.status().latency30m().map(Percentiles::p99)));
        number(
                grid,
                "Throughput p50",
                row -> tokens(row.status().throughput30m().map(Percentiles::p50)));
        grid.setEmptyStateText("No endpoints yet: add providers, models and endpoints in the catalog pages.");
        chart.setId("health-chart");
        chart.setWidthFull();
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), click -> entered());
        refresh.setId("health-refresh");
        add(
                new H1("Provider health"),
                new Paragraph("Live numbers of this replica, kept in memory and started afresh when it restarts:"
                        + " uptime over the last 5 minutes, 30 minutes and day (rate-limited calls left out);"
                        + " latency (time to first token) and throughput (completion tokens per second) over the"
                        + " last 30 minutes. A dash: nothing measured in the window."),
                refresh,
                chart,
                grid);
    }

    @Override
    void entered() {
        List<Row> rows = rows(catalog.current(), health::status);
        grid.setItems(rows);
        chart.removeAll();
        chart.add(new StackedBarChart(
                "Time to first token over 30 minutes, milliseconds",
                latencyChart(rows),
                value -> value.toPlainString() + " ms",
                "No latency measured in the last 30 minutes: endpoints are measured as they serve calls."));
    }

    /** Every endpoint of the catalog, by model then provider. */
    static List<Row> rows(CatalogSnapshot snapshot, Function<UUID, EndpointStatus> status) {
        return snapshot.models().stream()
                .flatMap(model -> snapshot.endpoints(model.id()).stream())
                .map(endpoint -> new Row(endpoint.modelId(), endpoint.provider().slug(), status.apply(endpoint.id())))
                .sorted(Comparator.comparing(Row::model).thenComparing(Row::provider))
                .toList();
    }

    /** p50 and the way on to p99, stacked, for the slowest measured endpoints (by p99). */
    static ChartData latencyChart(List<Row> rows) {
        List<Row> measured = rows.stream()
                .filter(row -> row.status().latency30m().isPresent())
                .sorted(Comparator.comparingDouble(
                                (Row row) -> row.status().latency30m().get().p99())
                        .reversed())
                .limit(CHARTED)
                .toList();
        ChartData.Builder data =
                ChartData.builder(measured.stream().map(Row::label).toList());
        for (Row row : measured) {
            Percentiles latency = row.status().latency30m().get();
            BigDecimal p50 = whole(latency.p50());
            data.add(row.label(), "p50", p50)
                    .add(row.label(), "p50 to p99", whole(latency.p99()).subtract(p50));
        }
        return data.build();
    }

    static String breaker(EndpointStatus status) {
        return switch (status.breaker()) {
            case CLOSED -> status.recentOutage() ? "degraded (recent outage)" : "up";
            case OPEN -> "tripped: no calls";
            case PROBE_DUE -> "tripped: next call probes";
            case PROBING -> "probing";
        };
    }

    private static void number(Grid<Row> grid, String header, ValueProvider<Row, String> value) {
        grid.addColumn(value)
                .setHeader(header)
                .setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true);
    }

    static String percent(Optional<Double> uptime) {
        return uptime.map(value -> BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP) + " %")
                .orElse("–");
    }

    static String millis(Optional<Double> latency) {
        return latency.map(value -> whole(value) + " ms").orElse("–");
    }

    static String tokens(Optional<Double> throughput) {
        return throughput
                .map(value -> BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP) + " tok/s")
                .orElse("–");
    }

    private static BigDecimal whole(double value) {
        return BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP);
    }
}
