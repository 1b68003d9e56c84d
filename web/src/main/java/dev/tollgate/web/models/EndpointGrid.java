package dev.tollgate.web.models;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.function.ValueProvider;
import dev.tollgate.api.models.control.EndpointOffer;
import dev.tollgate.routing.health.Percentiles;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A model's endpoints: provider, list price per million prompt and completion tokens, limits and this replica's health
 * over 30 minutes. The provider column stays in place while the rest scroll sideways on a narrow screen. A figure not
 * measured yet shows as a dash, never as zero.
 */
class EndpointGrid extends Grid<EndpointOffer> {

    static final String NOT_MEASURED = "—";

    EndpointGrid(List<EndpointOffer> offers) {
        super(EndpointOffer.class, false);
        setId("endpoints");
        addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
        setAllRowsVisible(true);
        addColumn(offer -> offer.endpoint().provider().name())
                .setKey("provider")
                .setHeader("Provider")
                .setFrozen(true)
                .setAutoWidth(true)
                .setFlexGrow(0);
        price("prompt", "Input $/1M", offer -> offer.endpoint().listPrice().prompt());
        price("completion", "Output $/1M", offer -> offer.endpoint().listPrice().completion());
        number("context", "Context", offer -> PerMillion.tokens(offer.endpoint().contextLength()));
        number(
                "max-completion",
                "Max output",
                offer -> offer.endpoint()
                        .maxCompletionTokens()
                        .map(PerMillion::tokens)
                        .orElse(NOT_MEASURED));
        number(
                "quantization",
                "Quantization",
                offer -> offer.endpoint().quantization().orElse("unknown"));
        number("uptime", "Uptime", offer -> uptime(offer.status().uptime30m()));
        number("latency", "Latency p50", offer -> latency(offer.status().latency30m()));
        number(
                "throughput",
                "Throughput p50",
                offer -> throughput(offer.status().throughput30m()));
        setItems(offers);
    }

    /** Prices are components with an id per provider and side, so that tests and assistive tools can find each. */
    private void price(String side, String header, ValueProvider<EndpointOffer, BigDecimal> perToken) {
        addColumn(new ComponentRenderer<>(offer -> {
                    Span price = new Span(PerMillion.dollars(perToken.apply(offer)));
                    price.setId(
                            "price-" + side + "-" + offer.endpoint().provider().slug());
                    return price;
                }))
                .setKey(side)
                .setHeader(header)
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
    }

    private void number(String key, String header, ValueProvider<EndpointOffer, String> value) {
        addColumn(value)
                .setKey(key)
                .setHeader(header)
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
    }

    static String uptime(Optional<Double> percent) {
        return percent.map(value -> String.format(Locale.ENGLISH, "%.1f %%", value))
                .orElse(NOT_MEASURED);
    }

    static String latency(Optional<Percentiles> millis) {
        return millis.map(value -> String.format(Locale.ENGLISH, "%,.0f ms", value.p50()))
                .orElse(NOT_MEASURED);
    }

    static String throughput(Optional<Percentiles> tokensPerSecond) {
        return tokensPerSecond
                .map(value -> String.format(Locale.ENGLISH, "%.1f tok/s", value.p50()))
                .orElse(NOT_MEASURED);
    }
}
