package dev.tollgate.web.dashboard;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouterLink;
import dev.tollgate.api.generation.control.ActivityEntry;
import dev.tollgate.api.generation.control.DailyUsage;
import dev.tollgate.api.generation.control.GenerationHistory;
import dev.tollgate.api.generation.control.UsageOverview;
import dev.tollgate.web.activity.ActivityView;
import dev.tollgate.web.chart.ChartData;
import dev.tollgate.web.chart.StackedBarChart;
import dev.tollgate.web.shell.Usd;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An organisation's dashboard: its balance, its spend today, this week and this month, spend and tokens per day by
 * model over the last {@value GenerationHistory#CHART_DAYS} days, and its latest generations, each a link into
 * Activity. With no calls yet it says how to make the first one.
 */
public class Dashboard extends VerticalLayout {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    public Dashboard(String organization, BigDecimal balance, UsageOverview overview, List<ActivityEntry> recent) {
        setId("dashboard");
        setPadding(false);
        H1 title = new H1(organization);
        title.setId("dashboard-organization");
        FlexLayout tiles = new FlexLayout(
                tile("balance", "Balance", balance),
                tile("spend-today", "Spent today", overview.spendToday()),
                tile("spend-week", "This week", overview.spendThisWeek()),
                tile("spend-month", "This month", overview.spendThisMonth()));
        tiles.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        tiles.getStyle().set("gap", "var(--lumo-space-m)");
        Paragraph utc = new Paragraph("Days are UTC; weeks start on Monday. Amounts are what your organisation paid.");
        utc.getStyle().set("font-size", "var(--lumo-font-size-s)").set("margin", "0");
        add(title, tiles, utc);
        if (recent.isEmpty() && overview.noCalls()) {
            add(firstCall());
            return;
        }
        add(
                new H2("Spend per day by model"),
                new StackedBarChart(
                        "Spend per day by model, USD",
                        chart(overview, DailyUsage::spend),
                        Usd::rounded,
                        "No spend in the last " + GenerationHistory.CHART_DAYS + " days."),
                new H2("Tokens per day by model"),
                new StackedBarChart(
                        "Tokens per day by model",
                        chart(overview, usage -> BigDecimal.valueOf(usage.tokens())),
                        Dashboard::count,
                        "No tokens in the last " + GenerationHistory.CHART_DAYS + " days."),
                new H2("Latest generations"),
                recent(recent));
    }

    /** Each model a series, each of the overview's days a category: the charts' data. */
    static ChartData chart(UsageOverview overview, Function<DailyUsage, BigDecimal> measure) {
        ChartData.Builder data =
                ChartData.builder(overview.days().stream().map(DAY::format).toList());
        for (DailyUsage usage : overview.daily()) {
            data.add(DAY.format(usage.day()), usage.model(), measure.apply(usage));
        }
        return data.build();
    }

    private static String count(BigDecimal value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }

    private static Component tile(String id, String label, BigDecimal amount) {
        Span name = new Span(label);
        name.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Span value = new Span(Usd.rounded(amount));
        value.setId(id);
        value.getElement().setAttribute("title", Usd.exact(amount));
        value.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600");
        Div tile = new Div(name, value);
        tile.getStyle()
                .set("display", "flex")
                .set("flex-direction", "column")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("border", "1px solid var(--lumo-contrast-10pct)")
                .set("border-radius", "var(--lumo-border-radius-l)")
                .set("min-width", "9rem");
        return tile;
    }

    private static Component firstCall() {
        Paragraph what = new Paragraph("No calls yet. Create a key on the Keys page, then make your first call:");
        what.setId("dashboard-empty");
        Anchor keys = new Anchor("/keys", "Create a key");
        keys.setId("dashboard-create-key");
        Pre sample = new Pre("""
                curl $TOLLGATE/api/v1/chat/completions \\
                  -H "Authorization: Bearer $TOLLGATE_API_KEY" \\
                  -H "Content-Type: application/json" \\
                  -d '{"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}]}'""");
        Paragraph after = new Paragraph("Its cost, tokens and provider appear here and in Activity a moment later.");
        return new Div(what, keys, sample, after);
    }

    private static Component recent(List<ActivityEntry> recent) {
        Grid<ActivityEntry> grid = new Grid<>();
        grid.setId("recent-generations");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setAllRowsVisible(true);
        grid.addComponentColumn(Dashboard::linkToDetail)
                .setKey("time")
                .setHeader("Time (UTC)")
                .setAutoWidth(true);
        grid.addColumn(ActivityEntry::model).setHeader("Model").setAutoWidth(true);
        grid.addColumn(entry -> entry.usage().totalTokens()).setHeader("Tokens").setAutoWidth(true);
        grid.addColumn(entry -> Usd.exact(entry.totalCost())).setHeader("Cost").setAutoWidth(true);
        grid.setItems(recent);
        RouterLink all = new RouterLink("All activity", ActivityView.class);
        all.setId("dashboard-all-activity");
        return new Div(grid, all);
    }

    private static RouterLink linkToDetail(ActivityEntry entry) {
        RouterLink link = new RouterLink(TIME.format(entry.createdAt()), ActivityView.class);
        link.setQueryParameters(QueryParameters.of("generation", entry.id()));
        link.addClassName("recent-generation");
        return link;
    }
}
