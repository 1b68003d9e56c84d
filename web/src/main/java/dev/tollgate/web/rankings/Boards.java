package dev.tollgate.web.rankings;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouterLink;
import dev.tollgate.api.ranking.control.AppRank;
import dev.tollgate.api.ranking.control.ModelRank;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * The leaderboard tables: rank, who, tokens, requests. Short lists (at most a hundred rows), shown whole. An app's name
 * and id are what it sent: rendered as text, never as markup, and its id is never made a link off this site.
 */
final class Boards {

    private Boards() {}

    static Grid<AppRank> apps(List<AppRank> rows) {
        return board(
                AppRank.class,
                "apps-grid",
                rows,
                AppRank::rank,
                grid -> grid.addComponentColumn(Boards::appCell).setHeader("App"),
                AppRank::totalTokens,
                AppRank::totalRequests);
    }

    static Grid<ModelRank> models(List<ModelRank> rows) {
        return board(
                ModelRank.class,
                "models-grid",
                rows,
                ModelRank::rank,
                grid -> grid.addColumn(ModelRank::model).setHeader("Model"),
                ModelRank::totalTokens,
                ModelRank::totalRequests);
    }

    /** A link to an app's page; the id travels as a query parameter, encoded by the router. */
    static RouterLink link(String text, String appId) {
        RouterLink link = new RouterLink(text, AppRankingView.class);
        link.setQueryParameters(QueryParameters.of(AppRankingView.ID, appId));
        link.addClassName("app-link");
        return link;
    }

    /** The app's own name, linking to its page, over its id. */
    private static Div appCell(AppRank app) {
        RouterLink name = link(app.appName().orElse(app.appId()), app.appId());
        Span id = new Span(app.appId());
        id.addClassName("app-id");
        id.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-xs)");
        id.getStyle().set("color", "var(--lumo-secondary-text-color)").set("overflow-wrap", "anywhere");
        return new Div(name, id);
    }

    private static <T> Grid<T> board(
            Class<T> type,
            String id,
            List<T> rows,
            ToIntFunction<T> rank,
            Consumer<Grid<T>> who,
            ToLongFunction<T> tokens,
            ToLongFunction<T> requests) {
        Grid<T> grid = new Grid<>(type, false);
        grid.setId(id);
        grid.addColumn(rank::applyAsInt).setHeader("#").setWidth("3.5em").setFlexGrow(0);
        who.accept(grid);
        grid.getColumns().get(1).setFlexGrow(1);
        grid.addColumn(row -> TokensChart.count(tokens.applyAsLong(row)))
                .setHeader("Tokens")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(row -> TokensChart.count(requests.applyAsLong(row)))
                .setHeader("Requests")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setItems(rows);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        return grid;
    }
}
