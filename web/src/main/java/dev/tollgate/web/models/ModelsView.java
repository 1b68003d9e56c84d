package dev.tollgate.web.models;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tollgate.api.models.control.ListedModel;
import dev.tollgate.api.models.control.ModelCatalog;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The public catalog: every model some provider serves, as cards with the cheapest list price per million tokens,
 * narrowed by search and filters. The catalog is read once per visit from the routing snapshot in memory; each
 * filter change refilters that list on the server without a query.
 */
@Route(value = "models", layout = PortalLayout.class)
@PageTitle("Models · Tollgate")
@CdiComponent
public class ModelsView extends VerticalLayout {

    /** Context lengths people choose between. */
    static final List<Integer> CONTEXT_STEPS = List.of(8_000, 32_000, 128_000, 200_000, 1_000_000);

    private final List<ListedModel> all;
    private final TextField search = new TextField();
    private final Select<String> modality = new Select<>();
    private final Select<Integer> minContext = new Select<>();
    private final BigDecimalField maxPrompt = new BigDecimalField("Max input $/1M");
    private final BigDecimalField maxCompletion = new BigDecimalField("Max output $/1M");
    private final Checkbox freeOnly = new Checkbox("Free only");
    private final Span count = new Span();
    private final Div cards = new Div();
    private final Div empty = new Div();

    @Inject
    public ModelsView(ModelCatalog catalog) {
        this.all = catalog.listed();
        setId("models");
        setMaxWidth("80rem");
        setWidthFull();
        add(
                new H1("Models"),
                new Paragraph("Every model on offer here, at the price you pay: USD per million tokens,"
                        + " at the cheapest provider. Open a model for all its providers and how to call it."));
        add(filters(), count, cards, empty);
        count.setId("model-count");
        count.addClassNames(LumoUtility.TextColor.SECONDARY);
        cards.setId("model-cards");
        cards.setWidthFull();
        cards.getStyle()
                .set("display", "grid")
                .set("grid-template-columns", "repeat(auto-fill, minmax(min(100%, 18rem), 1fr))")
                .set("gap", "var(--lumo-space-m)");
        empty.setId("models-empty");
        show();
    }

    private Component filters() {
        search.setId("model-search");
        search.setPlaceholder("Search name, id or description");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setAriaLabel("Search models");
        search.getStyle().set("flex", "1 1 16rem");

        modality.setId("model-modality");
        modality.setLabel("Input");
        modality.setItems(all.stream()
                .flatMap(listed -> listed.model().inputModalities().stream())
                .distinct()
                .sorted()
                .toList());
        modality.setEmptySelectionAllowed(true);
        modality.setEmptySelectionCaption("Any");

        minContext.setId("model-min-context");
        minContext.setLabel("Context at least");
        minContext.setItems(CONTEXT_STEPS);
        minContext.setItemLabelGenerator(tokens -> tokens == null ? "Any" : PerMillion.tokens(tokens));
        minContext.setEmptySelectionAllowed(true);
        minContext.setEmptySelectionCaption("Any");

        maxPrompt.setId("model-max-prompt");
        maxPrompt.setValueChangeMode(ValueChangeMode.LAZY);
        maxCompletion.setId("model-max-completion");
        maxCompletion.setValueChangeMode(ValueChangeMode.LAZY);
        freeOnly.setId("model-free-only");

        search.addValueChangeListener(change -> show());
        modality.addValueChangeListener(change -> show());
        minContext.addValueChangeListener(change -> show());
        maxPrompt.addValueChangeListener(change -> show());
        maxCompletion.addValueChangeListener(change -> show());
        freeOnly.addValueChangeListener(change -> show());

        FlexLayout filters = new FlexLayout(search, modality, minContext, maxPrompt, maxCompletion, freeOnly);
        filters.setId("model-filters");
        filters.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.addClassNames(LumoUtility.Gap.MEDIUM);
        filters.setWidthFull();
        return filters;
    }

    ModelFilter filter() {
        return new ModelFilter(
                search.getValue(),
                Optional.ofNullable(modality.getValue()),
                Optional.ofNullable(minContext.getValue()),
                Optional.ofNullable(maxPrompt.getValue()),
                Optional.ofNullable(maxCompletion.getValue()),
                freeOnly.getValue());
    }

    private void show() {
        List<ListedModel> shown = filter().apply(all);
        cards.removeAll();
        shown.forEach(listed -> cards.add(card(listed)));
        count.setText(
                shown.size() == all.size()
                        ? all.size() + (all.size() == 1 ? " model" : " models")
                        : shown.size() + " of " + all.size() + " models");
        empty.removeAll();
        if (all.isEmpty()) {
            empty.add(new Paragraph("No models are offered yet. An operator adds providers, models and endpoints in"
                    + " the operator console; they appear here at once."));
        } else if (shown.isEmpty()) {
            Button clear = new Button("Clear filters", click -> clear());
            clear.setId("clear-filters");
            clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            empty.add(
                    new Paragraph("No model matches these filters. Widen them, or clear them to see all " + all.size()
                            + " models."),
                    clear);
        }
    }

    private void clear() {
        search.clear();
        modality.clear();
        minContext.clear();
        maxPrompt.clear();
        maxCompletion.clear();
        freeOnly.clear();
    }

    private static Component card(ListedModel listed) {
        Anchor name = new Anchor("models/" + listed.model().id(), listed.model().name());
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.FontSize.LARGE);
        Span id = new Span(listed.model().id());
        id.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        id.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        id.getStyle().set("overflow-wrap", "anywhere");
        Span price = new Span(
                listed.free()
                        ? "Free"
                        : PerMillion.dollars(listed.listPrice().prompt()) + " in · "
                                + PerMillion.dollars(listed.listPrice().completion()) + " out per 1M tokens");
        price.addClassName("model-price");
        long providers = listed.providers();
        Span facts = new Span(PerMillion.tokens(listed.model().contextLength()) + " tokens context · " + providers
                + (providers == 1 ? " provider" : " providers"));
        facts.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Paragraph description = new Paragraph(shortened(listed.model().description()));
        description.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Margin.NONE);

        VerticalLayout card = new VerticalLayout(name, id, description, price, facts);
        card.setSpacing(false);
        card.addClassNames(
                "model-card",
                LumoUtility.Border.ALL,
                LumoUtility.BorderColor.CONTRAST_10,
                LumoUtility.BorderRadius.MEDIUM,
                LumoUtility.Padding.MEDIUM,
                LumoUtility.Gap.XSMALL);
        card.getElement().setAttribute("data-model", listed.model().id());
        return card;
    }

    private static String shortened(String description) {
        String text = Objects.toString(description, "").strip();
        return text.length() <= 160 ? text : text.substring(0, 157).strip() + "…";
    }
}
