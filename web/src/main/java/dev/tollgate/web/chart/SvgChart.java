package dev.tollgate.web.chart;

import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * What every chart shows around its drawing: the SVG and the legend of its series, or, with nothing to draw, a
 * sentence saying what to do instead of an empty frame.
 */
abstract class SvgChart extends Div {

    SvgChart(ChartData data, String whenEmpty, Supplier<String> drawing) {
        addClassName("chart");
        setWidthFull();
        if (data.isEmpty()) {
            Paragraph empty = new Paragraph(whenEmpty);
            empty.addClassName("chart-empty");
            add(empty);
            return;
        }
        add(new Svg(drawing.get()), new Legend(new ArrayList<>(data.series().keySet())));
    }
}
