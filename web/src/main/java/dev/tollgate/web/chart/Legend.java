package dev.tollgate.web.chart;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.util.List;

/** The series' names with their colours, as HTML under the drawing so it wraps on a phone. */
final class Legend extends Div {

    Legend(List<String> names) {
        addClassName("chart-legend");
        getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "0.25rem 1rem");
        getStyle().set("font-size", "var(--lumo-font-size-s)");
        for (int i = 0; i < names.size(); i++) {
            Span swatch = new Span();
            swatch.getStyle()
                    .set("display", "inline-block")
                    .set("width", "0.75em")
                    .set("height", "0.75em")
                    .set("margin-right", "0.35em")
                    .set("background", ChartCanvas.colour(i));
            Span name = new Span(names.get(i));
            name.addClassName("chart-legend-name");
            Span entry = new Span(swatch, name);
            entry.addClassName("chart-legend-entry");
            add(entry);
        }
    }
}
