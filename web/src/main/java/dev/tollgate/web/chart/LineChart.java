package dev.tollgate.web.chart;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One line per series over the categories, for measures that do not add up across series (latency, uptime,
 * throughput). Each point is titled with its exact value.
 */
public class LineChart extends SvgChart {

    public LineChart(String label, ChartData data, Function<BigDecimal, String> format, String whenEmpty) {
        super(data, whenEmpty, () -> draw(label, data, format));
    }

    static String draw(String label, ChartData data, Function<BigDecimal, String> format) {
        BigDecimal largest =
                data.series().values().stream().flatMap(List::stream).reduce(BigDecimal.ZERO, BigDecimal::max);
        ChartCanvas canvas = new ChartCanvas(label, largest, data.categories().size(), format);
        int s = 0;
        for (var series : data.series().entrySet()) {
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            List<BigDecimal> values = series.getValue();
            for (int category = 0; category < values.size(); category++) {
                double x = canvas.x(category) + canvas.slot() / 2;
                double y = canvas.y(values.get(category));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s · %s: %s</title></circle>",
                        x,
                        y,
                        ChartCanvas.colour(s),
                        ChartCanvas.escape(data.categories().get(category)),
                        ChartCanvas.escape(series.getKey()),
                        ChartCanvas.escape(format.apply(values.get(category)))));
            }
            canvas.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + ChartCanvas.colour(s)
                    + "\" points=\"" + points.toString().trim() + "\"/>");
            canvas.append(dots.toString());
            s++;
        }
        canvas.xLabels(data.categories());
        return canvas.close();
    }
}
