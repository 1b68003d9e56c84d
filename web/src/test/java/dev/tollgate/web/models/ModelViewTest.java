package dev.tollgate.web.models;

import static com.github.mvysny.kaributesting.v10.GridKt._getCellComponent;
import static com.github.mvysny.kaributesting.v10.GridKt._getFormatted;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelViewTest {

    private final InMemoryCatalog catalog = new InMemoryCatalog()
            .model("openai/gpt-4o", "GPT-4o", "OpenAI's omni model.", 128_000, "text", "image")
            .model("mistralai/mistral-7b-instruct:free", "Mistral 7B Instruct (free)", "Small.", 32_768, "text")
            .model("acme/unserved", "Unserved", "Nobody serves it.", 8_000, "text");
    private RoutableEndpoint openai;

    @BeforeEach
    void vaadin() {
        MockVaadin.setup();
        openai = catalog.endpoint("openai/gpt-4o", "openai", "0.0000025", "0.00001", "0.05");
        catalog.endpoint("openai/gpt-4o", "azure", "0.000002", "0.000012", "0.1");
        catalog.endpoint("mistralai/mistral-7b-instruct:free", "sim", "0", "0", "0.05");
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    private ModelView open(String modelId) {
        ModelView page = new ModelView(catalog.publish(), () -> "https://tollgate.example");
        UI.getCurrent().add(page);
        page.show(modelId);
        return page;
    }

    private static String text(String id) {
        return _get(Span.class, spec -> spec.withId(id)).getText();
    }

    @Test
    void thePageListsEveryProviderAtListPricePerMillionTokens() {
        ModelView page = open("openai/gpt-4o");

        assertEquals("GPT-4o", _get(H1.class, spec -> spec.withId("model-name")).getText());
        assertEquals("GPT-4o · Models · Tollgate", page.getPageTitle());
        assertEquals("128,000 tokens", text("model-context"));
        assertEquals("text, image", text("model-input"));
        assertEquals("2", text("model-providers"));
        assertEquals("$2.625 in · $10.5 out per 1M", text("model-price"));

        @SuppressWarnings("unchecked")
        Grid<Object> endpoints = _get(Grid.class, spec -> spec.withId("endpoints"));
        assertEquals(2, _size(endpoints));
        // Ordered by provider slug: azure, then openai.
        assertEquals("Provider azure", _getFormatted(endpoints, 0, "provider"));
        assertEquals("$2.2", ((Span) _getCellComponent(endpoints, 0, "prompt")).getText());
        assertEquals("$13.2", ((Span) _getCellComponent(endpoints, 0, "completion")).getText());
        assertEquals("$2.625", ((Span) _getCellComponent(endpoints, 1, "prompt")).getText());
        assertEquals("$10.5", ((Span) _getCellComponent(endpoints, 1, "completion")).getText());
        assertEquals("8,192", _getFormatted(endpoints, 1, "context"));
        assertEquals("1,024", _getFormatted(endpoints, 1, "max-completion"));
        assertEquals("fp8", _getFormatted(endpoints, 1, "quantization"));
        assertEquals("—", _getFormatted(endpoints, 1, "uptime"), "nothing measured yet is a dash, not zero");
        assertEquals("—", _getFormatted(endpoints, 1, "latency"));
    }

    @Test
    void healthFiguresAreThisServersMeasurements() {
        catalog.health.succeeded(openai.id(), 420);
        catalog.health.throughput(openai.id(), 55.5);
        catalog.health.succeeded(openai.id(), 380);
        catalog.health.failed(openai.id(), dev.tollgate.routing.adapter.UpstreamFailure.Kind.SERVER);
        catalog.health.failed(openai.id(), dev.tollgate.routing.adapter.UpstreamFailure.Kind.SERVER);
        open("openai/gpt-4o");

        @SuppressWarnings("unchecked")
        Grid<Object> endpoints = _get(Grid.class, spec -> spec.withId("endpoints"));
        assertEquals("50.0 %", _getFormatted(endpoints, 1, "uptime"));
        assertEquals("380 ms", _getFormatted(endpoints, 1, "latency"));
        assertEquals("55.5 tok/s", _getFormatted(endpoints, 1, "throughput"));
        assertEquals("—", _getFormatted(endpoints, 0, "uptime"));
    }

    @Test
    void codeSamplesCallThisInstallationWithTheModelId() {
        open("mistralai/mistral-7b-instruct:free");

        assertEquals("Free", text("model-price"));
        assertEquals(
                List.of("curl", "Python", "JavaScript"),
                _find(Tab.class).stream().map(Tab::getLabel).toList());
        TabSheet tabs = _get(TabSheet.class, spec -> spec.withId("code-samples"));
        List<String> samples = new ArrayList<>();
        for (int tab = 0; tab < 3; tab++) {
            tabs.setSelectedIndex(tab);
            samples.add(_get(Pre.class, spec -> spec.withClasses("code-sample")).getText());
        }
        assertTrue(samples.get(0).startsWith("curl https://tollgate.example/api/v1/chat/completions"), samples.get(0));
        assertTrue(samples.get(1).contains("base_url=\"https://tollgate.example/api/v1\""), samples.get(1));
        assertTrue(samples.get(2).contains("baseURL: \"https://tollgate.example/api/v1\""), samples.get(2));
        samples.forEach(sample -> assertTrue(sample.contains("\"mistralai/mistral-7b-instruct:free\""), sample));
    }

    @Test
    void anUnknownModelSaysSoAndLeadsBackToTheCatalog() {
        ModelView page = open("nobody/nothing");

        assertEquals(
                "Model not found",
                _get(H1.class, spec -> spec.withId("model-not-found")).getText());
        assertEquals("Model not found · Tollgate", page.getPageTitle());
        assertTrue(_find(Paragraph.class).stream().anyMatch(p -> p.getText().contains("'nobody/nothing'")));
        assertEquals(
                "models",
                _get(Anchor.class, spec -> spec.withId("back-to-catalog")).getHref());
    }

    @Test
    void aModelNobodyServesSaysCallsAreRefused() {
        open("acme/unserved");

        assertTrue(_get(Paragraph.class, spec -> spec.withId("no-endpoints"))
                .getText()
                .contains("No provider"));
        assertTrue(_find(Grid.class).isEmpty());
    }
}
