package dev.tollgate.web.chart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * One bar per category (a day), stacked by series (a model, an app), each segment titled with its exact value so a
 * pointer or a screen reader can read it. An empty chart says so in words instead of drawing an empty frame.
 */
public class StackedBarChart extends SvgChart {

    public StackedBarChart(String label, ChartData data, Function<BigDecimal, String> format, String whenEmpty) {
        super(data, whenEmpty, () -> draw(label, data, format));
    }

    static String draw(String label, ChartData data, Function<BigDecimal, String> format) {
        BigDecimal largest = IntStream.range(0, data.categories().size())
                .mapToObj(data::total)
                .reduce(BigDecimal.ZERO, BigDecimal::max);
        ChartCanvas canvas = new ChartCanvas(label, largest, data.categories().size(), format);
        double barWidth = Math.max(1, canvas.slot() * 0.7);
        List<String> names = new ArrayList<>(data.series().keySet());
        for (int category = 0; category < data.categories().size(); category++) {
            BigDecimal base = BigDecimal.ZERO;
            for (int s = 0; s < names.size(); s++) {
                BigDecimal value = data.series().get(names.get(s)).get(category);
                if (value.signum() <= 0) {
                    continue;
                }
                BigDecimal top = base.add(value);
                double y = canvas.y(top);
                canvas.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s · %s: %s</title></rect>",
                        canvas.x(category) + (canvas.slot() - barWidth) / 2,
                        y,
                        barWidth,
                        Math.max(0.5, canvas.y(base) - y),
                        ChartCanvas.colour(s),
                        ChartCanvas.escape(data.categories().get(category)),
                        ChartCanvas.escape(names.get(s)),
                        ChartCanvas.escape(format.apply(value))));
                base = top;
            }
        }
        canvas.xLabels(data.categories());
        return canvas.close();
    }
}
