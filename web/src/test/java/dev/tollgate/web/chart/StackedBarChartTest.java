package dev.tollgate.web.chart;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StackedBarChartTest {

    @BeforeEach
    void vaadin() {
        MockVaadin.setup();
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    private static ChartData spend() {
        return ChartData.builder(List.of("11-20", "11-21", "11-22"))
                .add("11-20", "openai/gpt-4o", new BigDecimal("0.30"))
                .add("11-22", "openai/gpt-4o", new BigDecimal("1.20"))
                .add("11-22", "anthropic/claude", new BigDecimal("0.80"))
                .add("11-19", "anthropic/claude", new BigDecimal("99"))
                .build();
    }

    @Test
    void eachSegmentCarriesItsExactValueAndTheTallestBarSetsTheScale() {
        String svg = StackedBarChart.draw("Spend per day", spend(), value -> "$" + value.toPlainString());

        assertTrue(svg.contains("<title>11-22 · openai/gpt-4o: $1.20</title>"), svg);
        assertTrue(svg.contains("<title>11-22 · anthropic/claude: $0.80</title>"), svg);
        assertTrue(svg.contains("<title>11-20 · openai/gpt-4o: $0.30</title>"), svg);
        assertEquals(3, Pattern.compile("<rect ").matcher(svg).results().count(), "zero cells draw nothing");
        // 2.00 on 11-22 is the largest total; the axis tops out at the next round number, 2.
        assertTrue(svg.contains(">$2</text>"), svg);
        assertTrue(!svg.contains("$99"), "a row outside the axis is dropped");
    }

    @Test
    void labelsAreEscapedSoAnAppNameCannotInjectMarkup() {
        ChartData hostile = ChartData.builder(List.of("d"))
                .add("d", "<script>alert(1)</script>", BigDecimal.ONE)
                .build();

        String svg = StackedBarChart.draw("x", hostile, BigDecimal::toPlainString);

        assertTrue(svg.contains("&lt;script&gt;"), svg);
        assertTrue(!svg.contains("<script>"), svg);
    }

    @Test
    void theLegendNamesTheSeriesAndAnEmptyChartSaysWhatToDo() {
        UI.getCurrent().add(new StackedBarChart("Spend", spend(), BigDecimal::toPlainString, "No calls yet."));
        assertEquals(
                List.of("openai/gpt-4o", "anthropic/claude"),
                _find(Span.class, spec -> spec.withClasses("chart-legend-name")).stream()
                        .map(Span::getText)
                        .toList());

        UI.getCurrent().removeAll();
        ChartData nothing = ChartData.builder(List.of("a", "b")).build();
        UI.getCurrent().add(new StackedBarChart("Spend", nothing, BigDecimal::toPlainString, "No calls yet."));
        assertEquals(
                "No calls yet.",
                _get(Paragraph.class, spec -> spec.withClasses("chart-empty")).getText());
    }

    @Test
    void theScaleRoundsUpToAReadableMaximum() {
        assertEquals(new BigDecimal("1"), ChartCanvas.roundUp(BigDecimal.ZERO));
        assertEquals(0, new BigDecimal("2.5").compareTo(ChartCanvas.roundUp(new BigDecimal("2.1"))));
        assertEquals(0, new BigDecimal("500").compareTo(ChartCanvas.roundUp(new BigDecimal("420"))));
        assertEquals(0, new BigDecimal("0.02").compareTo(ChartCanvas.roundUp(new BigDecimal("0.0173"))));
        assertEquals(0, new BigDecimal("10").compareTo(ChartCanvas.roundUp(new BigDecimal("5.5"))));
    }
}
