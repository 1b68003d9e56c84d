package dev.tollgate.web.rankings;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.tollgate.api.ranking.control.AppActivity;
import dev.tollgate.api.ranking.control.Rankings;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * One app's public page: {@code /rankings/apps?id=<its HTTP-Referer>}. The id is a URL, so it travels as a query
 * parameter (a path segment would need its slashes encoded, which servers refuse). Shows its tokens per day by model
 * and the models it uses most over the last 30 days, by the name it gives itself, as text.
 */
@Route(value = "rankings/apps", layout = PortalLayout.class)
@CdiComponent
public class AppRankingView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final String ID = "id";

    private final Rankings rankings;
    private String pageTitle = "App · Rankings · Tollgate";

    @Inject
    public AppRankingView(Rankings rankings) {
        this.rankings = rankings;
        setId("app-ranking");
        setMaxWidth("64rem");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        show(event.getLocation().getQueryParameters().getSingleParameter(ID));
    }

    @Override
    public String getPageTitle() {
        return pageTitle;
    }

    void show(Optional<String> appId) {
        removeAll();
        RouterLink back = new RouterLink("All rankings", RankingsView.class);
        back.setId("back-to-rankings");
        Optional<String> asked = appId.map(String::strip).filter(id -> !id.isEmpty());
        Optional<AppActivity> found = asked.flatMap(rankings::app);
        if (found.isEmpty()) {
            H1 title = new H1(asked.orElse("Which app?"));
            title.setId("app-name");
            Paragraph empty = new Paragraph(asked.map(id -> "No answered calls from this app in the last "
                            + Rankings.CHART_DAYS + " days. Apps appear once their calls send the HTTP-Referer header.")
                    .orElse("Choose an app on the rankings page."));
            empty.setId("no-app");
            add(back, title, empty);
            return;
        }
        AppActivity app = found.orElseThrow();
        H1 title = new H1(app.appName().orElse(app.appId()));
        title.setId("app-name");
        title.getStyle().set("overflow-wrap", "anywhere");
        Paragraph id = new Paragraph(app.appId());
        id.setId("app-id");
        id.getStyle().set("overflow-wrap", "anywhere");
        Paragraph totals = new Paragraph("Last " + Rankings.CHART_DAYS + " days: "
                + TokensChart.count(app.totalTokens()) + " tokens in " + TokensChart.count(app.totalRequests())
                + (app.totalRequests() == 1 ? " request" : " requests") + ", with "
                + app.models().size()
                + (app.models().size() == 1 ? " model." : " models."));
        totals.setId("app-totals");
        add(
                back,
                title,
                id,
                totals,
                new H2("Tokens per day"),
                TokensChart.of(
                        "Tokens per day by model, last " + Rankings.CHART_DAYS + " days",
                        app.daily(),
                        app.firstDay(),
                        Rankings.CHART_DAYS,
                        "No tokens in the last " + Rankings.CHART_DAYS + " days."),
                new H2("Models it uses most"),
                Boards.models(app.models()));
        pageTitle = title.getText() + " · Rankings · Tollgate";
    }
}
