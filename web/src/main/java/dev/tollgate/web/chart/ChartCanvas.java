package dev.tollgate.web.chart;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.Function;

/**
 * The frame both chart kinds share: a fixed view box scaled to the page's width, a y axis from zero to a round maximum
 * with four grid lines, thinned x labels, and the series' colours. Coordinates are computed in double only here, for
 * pixels; the values themselves stay exact.
 */
final class ChartCanvas {

    static final int WIDTH = 720;
    static final int HEIGHT = 240;
    static final int LEFT = 64;
    static final int RIGHT = 8;
    static final int TOP = 10;
    static final int BOTTOM = 26;
    private static final int GRID_LINES = 4;

    /** Colours that stay apart for readers with the common colour-vision deficiencies (Okabe and Ito). */
    static final List<String> PALETTE = List.of(
            "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999",
            "#7F3C8D");

    private final StringBuilder svg = new StringBuilder();
    private final BigDecimal maximum;
    private final int categories;

    ChartCanvas(String label, BigDecimal largest, int categories, Function<BigDecimal, String> format) {
        this.maximum = roundUp(largest);
        this.categories = Math.max(categories, 1);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(label))
                .append("\" style=\"width:100%;height:auto;font:11px sans-serif\">");
        for (int line = 0; line <= GRID_LINES; line++) {
            BigDecimal value = maximum.multiply(BigDecimal.valueOf(line)).divide(BigDecimal.valueOf(GRID_LINES));
            double y = y(value);
            svg.append(String.format(
                    java.util.Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6ea\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5b6470\">%s</text>",
                    LEFT,
                    WIDTH - RIGHT,
                    y,
                    y,
                    LEFT - 6,
                    y + 4,
                    escape(format.apply(value.stripTrailingZeros()))));
        }
    }

    /** The width of one category's slot along the x axis. */
    double slot() {
        return (double) (WIDTH - LEFT - RIGHT) / categories;
    }

    double x(int category) {
        return LEFT + slot() * category;
    }

    double y(BigDecimal value) {
        if (maximum.signum() == 0) {
            return HEIGHT - BOTTOM;
        }
        double share = value.divide(maximum, MathContext.DECIMAL64).doubleValue();
        return HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM);
    }

    /** Labels under the axis, thinned so they never overlap (about one per 60 pixels). */
    void xLabels(List<String> labels) {
        int every = (int) Math.max(1, Math.ceil(60 / slot()));
        for (int i = 0; i < labels.size(); i += every) {
            svg.append(String.format(
                    java.util.Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#5b6470\">%s</text>",
                    x(i) + slot() / 2,
                    HEIGHT - 8,
                    escape(labels.get(i))));
        }
    }

    ChartCanvas append(String element) {
        svg.append(element);
        return this;
    }

    String close() {
        return svg.append("</svg>").toString();
    }

    static String colour(int series) {
        return PALETTE.get(series % PALETTE.size());
    }

    /** A maximum of 1, 2, 2.5 or 5 times a power of ten at or above the largest value, so grid labels read well. */
    static BigDecimal roundUp(BigDecimal largest) {
        if (largest.signum() <= 0) {
            return BigDecimal.ONE;
        }
        BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen(largest.precision() - largest.scale() - 1);
        for (String step : List.of("1", "2", "2.5", "5", "10")) {
            BigDecimal candidate = power.multiply(new BigDecimal(step));
            if (candidate.compareTo(largest) >= 0) {
                return candidate.stripTrailingZeros();
            }
        }
        return power.multiply(BigDecimal.TEN).setScale(0, RoundingMode.UNNECESSARY);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
