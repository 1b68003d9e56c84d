package dev.tollgate.web.activity;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import dev.tollgate.api.generation.control.ActivityEntry;
import dev.tollgate.web.shell.Usd;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Generations as rows, newest first, the columns people scan (time, model, cost) first. On a narrow screen the grid
 * scrolls sideways rather than squeezing; a click opens the row's detail.
 */
class ActivityGrid extends Grid<ActivityEntry> {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    ActivityGrid() {
        addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        addColumn(entry -> TIME.format(entry.createdAt()))
                .setHeader("Time (UTC)")
                .setAutoWidth(true)
                .setFlexGrow(0);
        addColumn(ActivityEntry::model).setHeader("Model").setAutoWidth(true);
        addColumn(entry -> Usd.exact(entry.totalCost())).setHeader("Cost").setAutoWidth(true);
        addColumn(entry -> entry.usage().promptTokens()).setHeader("Prompt").setAutoWidth(true);
        addColumn(entry -> entry.usage().completionTokens())
                .setHeader("Completion")
                .setAutoWidth(true);
        addColumn(entry -> entry.providerName().orElse("—"))
                .setHeader("Provider")
                .setAutoWidth(true);
        addColumn(ActivityEntry::keyName).setHeader("Key").setAutoWidth(true);
        addColumn(entry -> entry.appTitle().or(entry::app).orElse(""))
                .setHeader("App")
                .setAutoWidth(true);
        addColumn(entry -> seconds(entry.latencyMillis())).setHeader("Latency").setAutoWidth(true);
        addColumn(entry -> entry.finishReason().orElse(entry.cancelled() ? "cancelled" : ""))
                .setHeader("Finish")
                .setAutoWidth(true);
        setColumnReorderingAllowed(false);
    }

    /** A duration in seconds with two decimals: {@code 0.25 s}. */
    static String seconds(long millis) {
        return BigDecimal.valueOf(millis).movePointLeft(3).setScale(2, RoundingMode.HALF_UP) + " s";
    }
}
