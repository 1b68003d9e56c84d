package dev.tollgate.web.rankings;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.api.ranking.control.AppRank;
import dev.tollgate.api.ranking.control.ModelRank;
import dev.tollgate.api.ranking.control.RankingPeriod;
import dev.tollgate.api.ranking.control.Rankings;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The public leaderboards: top apps and top models by tokens over the last 24 hours, 7 days or 30 days, and every
 * model's tokens per day over 30 days. Apps appear only once their calls send {@code HTTP-Referer}.
 */
@Route(value = "rankings", layout = PortalLayout.class)
@PageTitle("Rankings · Tollgate")
@CdiComponent
public class RankingsView extends VerticalLayout {

    static final String NO_APPS = "No apps have sent HTTP-Referer yet: add the header to appear here.";
    static final String SAMPLE = """
            curl $TOLLGATE/api/v1/chat/completions \\
              -H "Authorization: Bearer $TOLLGATE_API_KEY" \\
              -H "HTTP-Referer: https://your-app.example" \\
              -H "X-Title: Your App" \\
              -H "Content-Type: application/json" \\
              -d '{"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}]}'""";

    private final Rankings rankings;
    private final Map<RankingPeriod, Tab> tabs = new EnumMap<>(RankingPeriod.class);
    private final Div apps = new Div();
    private final Div models = new Div();
    private RankingPeriod period = RankingPeriod.DEFAULT;

    @Inject
    public RankingsView(Rankings rankings) {
        this.rankings = rankings;
        setId("rankings");
        setMaxWidth("64rem");
        Paragraph intro = new Paragraph("Apps and models by tokens (prompt and completion) on this Tollgate, across"
                + " every organisation. An app is listed by the HTTP-Referer and X-Title headers its calls send."
                + " Figures may be a minute old.");
        tabs.put(RankingPeriod.DAY, new Tab("Last 24 hours"));
        tabs.put(RankingPeriod.WEEK, new Tab("Last 7 days"));
        tabs.put(RankingPeriod.MONTH, new Tab("Last 30 days"));
        tabs.forEach((shown, tab) -> tab.setId("period-" + shown.wireName()));
        Tabs periods = new Tabs(tabs.values().toArray(Tab[]::new));
        periods.setId("period");
        periods.setSelectedTab(tabs.get(period));
        periods.addSelectedChangeListener(change -> tabs.forEach((shown, tab) -> {
            if (tab == change.getSelectedTab()) {
                show(shown);
            }
        }));
        apps.setId("top-apps");
        apps.setWidthFull();
        models.setId("top-models");
        models.setWidthFull();
        Div chart = new Div(TokensChart.of(
                "Tokens per day by model, last " + Rankings.CHART_DAYS + " days",
                rankings.modelsPerDay(),
                rankings.firstChartDay(),
                Rankings.CHART_DAYS,
                "No calls in the last " + Rankings.CHART_DAYS + " days yet."));
        chart.setId("tokens-per-day");
        chart.setWidthFull();
        add(
                new H1("Rankings"),
                intro,
                periods,
                new H2("Top apps"),
                apps,
                new H2("Top models"),
                models,
                new H2("Tokens per day by model"),
                chart);
        show(period);
    }

    RankingPeriod period() {
        return period;
    }

    private void show(RankingPeriod shown) {
        period = shown;
        apps.removeAll();
        models.removeAll();
        // Says which period the boards show, so a browser (or a test) can tell the new boards from the old ones.
        apps.getElement().setAttribute("data-period", shown.wireName());
        models.getElement().setAttribute("data-period", shown.wireName());
        List<AppRank> topApps = rankings.apps(shown, 20);
        if (topApps.isEmpty()) {
            Pre sample = new Pre(SAMPLE);
            sample.setId("referer-sample");
            Paragraph empty = new Paragraph(NO_APPS);
            empty.setId("no-apps");
            apps.add(empty, sample);
        } else {
            apps.add(Boards.apps(topApps));
        }
        List<ModelRank> topModels = rankings.models(shown, 20);
        if (topModels.isEmpty()) {
            Paragraph empty = new Paragraph("No calls in this period yet: models appear here once they answer.");
            empty.setId("no-models");
            models.add(empty);
        } else {
            models.add(Boards.models(topModels));
        }
    }
}
