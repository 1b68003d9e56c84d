package dev.tollgate.web.models;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelsViewTest {

    private final InMemoryCatalog catalog = new InMemoryCatalog()
            .model("openai/gpt-4o", "GPT-4o", "OpenAI's omni model.", 128_000, "text", "image")
            .model("anthropic/claude-3-haiku", "Claude 3 Haiku", "Fast and compact.", 200_000, "text", "image")
            .model("mistralai/mistral-7b-instruct:free", "Mistral 7B Instruct (free)", "Small.", 32_768, "text")
            .model("acme/unserved", "Unserved", "Nobody serves it.", 8_000, "text");

    @BeforeEach
    void vaadin() {
        MockVaadin.setup();
        // Two providers for GPT-4o: the cheaper by prompt + completion sets the card's price.
        catalog.endpoint("openai/gpt-4o", "openai", "0.0000025", "0.00001", "0.05");
        catalog.endpoint("openai/gpt-4o", "azure", "0.000002", "0.000012", "0.1");
        catalog.endpoint("anthropic/claude-3-haiku", "anthropic", "0.00000025", "0.00000125", "0.05");
        catalog.endpoint("mistralai/mistral-7b-instruct:free", "sim", "0", "0", "0.05");
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    private void open() {
        UI.getCurrent().add(new ModelsView(catalog.publish()));
    }

    private static List<String> shown() {
        return _find(VerticalLayout.class, spec -> spec.withClasses("model-card")).stream()
                .map(card -> card.getElement().getAttribute("data-model"))
                .toList();
    }

    private static String card(String modelId) {
        return _find(VerticalLayout.class, spec -> spec.withClasses("model-card")).stream()
                .filter(card -> modelId.equals(card.getElement().getAttribute("data-model")))
                .findFirst()
                .orElseThrow()
                .getElement()
                .getTextRecursively();
    }

    @Test
    void everyServedModelIsACardAtItsCheapestListPrice() {
        open();

        assertEquals(
                List.of("anthropic/claude-3-haiku", "mistralai/mistral-7b-instruct:free", "openai/gpt-4o"), shown());
        assertEquals(
                "3 models", _get(Span.class, spec -> spec.withId("model-count")).getText());
        String gpt = card("openai/gpt-4o");
        // openai: 0.0000025 × 1.05 and 0.00001 × 1.05 per token, cheaper in sum than azure's.
        assertTrue(gpt.contains("$2.625 in · $10.5 out per 1M tokens"), gpt);
        assertTrue(gpt.contains("128,000 tokens context · 2 providers"), gpt);
        assertTrue(card("anthropic/claude-3-haiku").contains("$0.2625 in · $1.3125 out per 1M tokens"));
        assertTrue(card("mistralai/mistral-7b-instruct:free").contains("Free"));
    }

    @Test
    void searchMatchesEveryWordInNameIdOrDescription() {
        open();
        TextField search = _get(TextField.class, spec -> spec.withId("model-search"));

        _setValue(search, "omni");
        assertEquals(List.of("openai/gpt-4o"), shown());
        _setValue(search, "HAIKU");
        assertEquals(List.of("anthropic/claude-3-haiku"), shown());
        _setValue(search, "mistral free");
        assertEquals(List.of("mistralai/mistral-7b-instruct:free"), shown());
        _setValue(search, "openai/");
        assertEquals(List.of("openai/gpt-4o"), shown());
        assertEquals(
                "1 of 3 models",
                _get(Span.class, spec -> spec.withId("model-count")).getText());

        _setValue(search, "gemini");
        assertEquals(List.of(), shown());
        assertTrue(_get(Div.class, spec -> spec.withId("models-empty"))
                .getElement()
                .getTextRecursively()
                .contains("No model matches these filters"));
        _click(_get(Button.class, spec -> spec.withId("clear-filters")));
        assertEquals(3, shown().size());
        assertEquals("", search.getValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void filtersByModalityContextPriceAndFree() {
        open();
        Select<String> modality = _get(Select.class, spec -> spec.withId("model-modality"));
        Select<Integer> context = _get(Select.class, spec -> spec.withId("model-min-context"));
        BigDecimalField maxPrompt = _get(BigDecimalField.class, spec -> spec.withId("model-max-prompt"));
        BigDecimalField maxCompletion = _get(BigDecimalField.class, spec -> spec.withId("model-max-completion"));
        Checkbox free = _get(Checkbox.class, spec -> spec.withId("model-free-only"));

        assertEquals(
                List.of("image", "text"), modality.getListDataView().getItems().toList());
        _setValue(modality, "image");
        assertEquals(List.of("anthropic/claude-3-haiku", "openai/gpt-4o"), shown());
        _setValue(context, 200_000);
        assertEquals(List.of("anthropic/claude-3-haiku"), shown());
        modality.clear();
        context.clear();

        _setValue(maxPrompt, new BigDecimal("1"));
        assertEquals(List.of("anthropic/claude-3-haiku", "mistralai/mistral-7b-instruct:free"), shown());
        maxPrompt.clear();
        // The limit is inclusive and exact: $10.5 admits GPT-4o's $10.5, $10.49 does not.
        _setValue(maxCompletion, new BigDecimal("10.5"));
        assertEquals(3, shown().size());
        _setValue(maxCompletion, new BigDecimal("10.49"));
        assertEquals(List.of("anthropic/claude-3-haiku", "mistralai/mistral-7b-instruct:free"), shown());
        maxCompletion.clear();

        _setValue(free, true);
        assertEquals(List.of("mistralai/mistral-7b-instruct:free"), shown());
    }

    @Test
    void anEmptyCatalogSaysWhereModelsComeFrom() {
        UI.getCurrent().add(new ModelsView(new InMemoryCatalog().publish()));

        assertEquals(List.of(), shown());
        assertTrue(_get(Div.class, spec -> spec.withId("models-empty"))
                .getElement()
                .getTextRecursively()
                .contains("An operator adds providers, models and endpoints"));
    }
}
