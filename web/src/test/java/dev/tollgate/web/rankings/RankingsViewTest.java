package dev.tollgate.web.rankings;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.RouterLink;
import dev.tollgate.api.ranking.control.AppActivity;
import dev.tollgate.api.ranking.control.AppRank;
import dev.tollgate.api.ranking.control.DailyTokens;
import dev.tollgate.api.ranking.control.ModelRank;
import dev.tollgate.api.ranking.control.RankingPeriod;
import dev.tollgate.api.ranking.control.Rankings;
import dev.tollgate.web.chart.ChartData;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RankingsViewTest {

    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-10-24");

    private final List<String> asked = new ArrayList<>();
    private List<AppRank> apps = List.of(
            new AppRank(1, "https://chat.example/", Optional.of(HOSTILE), 1_234_567, 3),
            new AppRank(2, "https://quiet.example", Optional.empty(), 10, 1));
    private Optional<AppActivity> activity = Optional.empty();

    private final Rankings rankings = new Rankings(null, Clock.systemUTC(), Duration.ZERO) {
        @Override
        public List<AppRank> apps(RankingPeriod period, int limit) {
            asked.add("apps " + period);
            return apps;
        }

        @Override
        public List<ModelRank> models(RankingPeriod period, int limit) {
            asked.add("models " + period);
            return List.of(new ModelRank(1, "openai/gpt-4o", 1_234_577, 4));
        }

        @Override
        public List<DailyTokens> modelsPerDay() {
            return List.of(new DailyTokens(FIRST_DAY.plusDays(29), "openai/gpt-4o", 1_234_577));
        }

        @Override
        public LocalDate firstChartDay() {
            return FIRST_DAY;
        }

        @Override
        public Optional<AppActivity> app(String appId) {
            asked.add("app " + appId);
            return activity;
        }
    };

    @BeforeEach
    void vaadin() {
        MockVaadin.setup(new Routes().autoDiscoverViews("dev.tollgate.web.rankings"));
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    @Test
    void theWeekIsShownFirstAndAnotherPeriodIsOneTabAway() {
        RankingsView view = new RankingsView(rankings);
        assertEquals(List.of("apps WEEK", "models WEEK"), asked);
        assertEquals(RankingPeriod.WEEK, view.period());

        Tabs periods = _get(view, Tabs.class, spec -> spec.withId("period"));
        periods.setSelectedTab(_get(view, Tab.class, spec -> spec.withId("period-day")));

        assertEquals(List.of("apps WEEK", "models WEEK", "apps DAY", "models DAY"), asked);
        assertEquals(RankingPeriod.DAY, view.period());
        assertEquals(
                "day",
                _get(view, Div.class, spec -> spec.withId("top-apps"))
                        .getElement()
                        .getAttribute("data-period"));
        @SuppressWarnings("unchecked")
        Grid<ModelRank> models = _get(view, Grid.class, spec -> spec.withId("models-grid"));
        assertEquals(
                List.of(new ModelRank(1, "openai/gpt-4o", 1_234_577, 4)),
                models.getGenericDataView().getItems().toList());
    }

    @Test
    void anAppIsListedByWhatItSentAsTextWithALinkToItsPage() {
        RankingsView view = new RankingsView(rankings);

        @SuppressWarnings("unchecked")
        Grid<AppRank> board = _get(view, Grid.class, spec -> spec.withId("apps-grid"));
        assertEquals(apps, board.getGenericDataView().getItems().toList());
        RouterLink link = Boards.link(HOSTILE, "https://chat.example/");
        assertEquals(HOSTILE, link.getText());
        assertTrue(
                link.getElement().getChildren().allMatch(child -> child.isTextNode()),
                "the name is a text node, never markup");
        assertEquals("rankings/apps?id=https%3A%2F%2Fchat.example%2F", link.getHref());
    }

    @Test
    void withoutAppsThePageSaysHowToAppear() {
        apps = List.of();
        RankingsView view = new RankingsView(rankings);

        assertEquals(
                RankingsView.NO_APPS,
                _get(view, Paragraph.class, spec -> spec.withId("no-apps")).getText());
        String sample =
                _get(view, Pre.class, spec -> spec.withId("referer-sample")).getText();
        assertTrue(sample.contains("-H \"HTTP-Referer: https://your-app.example\""), sample);
        assertTrue(sample.contains("-H \"X-Title: Your App\""), sample);
        assertEquals(
                0, _find(view, Grid.class, spec -> spec.withId("apps-grid")).size());
    }

    @Test
    void anAppsPageShowsItsTotalsAndModelsUnderTheNameItSent() {
        activity = Optional.of(new AppActivity(
                "https://chat.example/",
                Optional.of(HOSTILE),
                1_234_567,
                3,
                FIRST_DAY,
                List.of(new ModelRank(1, "openai/gpt-4o", 1_234_560, 2), new ModelRank(2, "m/small", 7, 1)),
                List.of(new DailyTokens(FIRST_DAY, "openai/gpt-4o", 1_234_560))));
        AppRankingView view = new AppRankingView(rankings);

        view.show(Optional.of(" https://chat.example/ "));

        assertEquals(List.of("app https://chat.example/"), asked, "the id is looked up trimmed, nothing else");
        assertEquals(
                HOSTILE, _get(view, H1.class, spec -> spec.withId("app-name")).getText());
        assertEquals(HOSTILE + " · Rankings · Tollgate", view.getPageTitle());
        assertEquals(
                "Last 30 days: 1,234,567 tokens in 3 requests, with 2 models.",
                _get(view, Paragraph.class, spec -> spec.withId("app-totals")).getText());
        @SuppressWarnings("unchecked")
        Grid<ModelRank> models = _get(view, Grid.class, spec -> spec.withId("models-grid"));
        assertEquals(2, models.getGenericDataView().getItems().count());
    }

    @Test
    void anUnknownOrMissingAppSaysWhatToDo() {
        AppRankingView view = new AppRankingView(rankings);

        view.show(Optional.of("https://never.example"));
        assertTrue(_get(view, Paragraph.class, spec -> spec.withId("no-app"))
                .getText()
                .startsWith("No answered calls from this app in the last 30 days."));

        view.show(Optional.of("  "));
        assertEquals(
                "Choose an app on the rankings page.",
                _get(view, Paragraph.class, spec -> spec.withId("no-app")).getText());
        assertEquals(List.of("app https://never.example"), asked, "a blank id is not looked up");
    }

    @Test
    void theChartColoursTheSixBiggestModelsAndGathersTheRest() {
        List<DailyTokens> daily = new ArrayList<>();
        for (int model = 1; model <= 8; model++) {
            daily.add(new DailyTokens(FIRST_DAY.plusDays(model), "m/" + model, model * 100L));
        }
        daily.add(new DailyTokens(FIRST_DAY.plusDays(1), "m/8", 1));

        ChartData data = TokensChart.data(daily, FIRST_DAY, 30);

        assertEquals(30, data.categories().size());
        assertEquals("10-24", data.categories().get(0));
        assertEquals("11-22", data.categories().get(29));
        assertEquals(
                List.of("m/8", "m/7", "m/6", "m/5", "m/4", "m/3", TokensChart.OTHERS),
                List.copyOf(data.series().keySet()));
        Map<String, List<BigDecimal>> series = data.series();
        assertEquals(new BigDecimal("100"), series.get(TokensChart.OTHERS).get(1), "m/1 on its day");
        assertEquals(new BigDecimal("200"), series.get(TokensChart.OTHERS).get(2), "m/2 on its day");
        assertEquals(new BigDecimal("1"), series.get("m/8").get(1));
        assertEquals(new BigDecimal("800"), series.get("m/8").get(8));
    }
}
