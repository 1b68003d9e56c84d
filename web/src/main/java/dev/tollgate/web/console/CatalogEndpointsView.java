package dev.tollgate.web.console;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.catalog.control.CatalogRules;
import dev.tollgate.admin.catalog.control.CatalogService;
import dev.tollgate.admin.catalog.control.EndpointDraft;
import dev.tollgate.admin.catalog.entity.Endpoint;
import dev.tollgate.admin.catalog.entity.Model;
import dev.tollgate.admin.catalog.entity.Provider;
import dev.tollgate.routing.catalog.MarginPolicy;
import dev.tollgate.routing.catalog.TokenPrices;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog's endpoints: which provider serves which model, the cost price the provider charges, the margin that
 * applies and the list price callers pay, all per million tokens.
 */
@Route(value = "console/endpoints", layout = PortalLayout.class)
@PageTitle("Endpoints · Operator console · Tollgate")
@CdiComponent
public class CatalogEndpointsView extends ConsoleView {

    private final CatalogService catalog;
    private final Grid<Endpoint> grid = new Grid<>(Endpoint.class, false);
    private BigDecimal platformMargin = BigDecimal.ZERO;

    @Inject
    public CatalogEndpointsView(CatalogService catalog) {
        this.catalog = catalog;
        Button add = new Button("Add endpoint", click -> edit(Optional.empty()));
        add.setId("add-endpoint");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.setId("endpoints");
        grid.addColumn(endpoint -> endpoint.getModel().getId())
                .setHeader("Model")
                .setAutoWidth(true);
        grid.addColumn(endpoint -> endpoint.getProvider().getSlug())
                .setHeader("Provider")
                .setAutoWidth(true);
        grid.addColumn(Endpoint::getUpstreamModel).setHeader("Upstream model");
        grid.addColumn(endpoint -> Decimals.text(Decimals.perMillion(endpoint.getPromptCost())))
                .setHeader("Cost in /1M");
        grid.addColumn(endpoint -> Decimals.text(Decimals.perMillion(endpoint.getCompletionCost())))
                .setHeader("Cost out /1M");
        grid.addColumn(endpoint -> Decimals.text(endpoint.effectiveMargin(platformMargin)))
                .setHeader("Margin");
        grid.addColumn(endpoint -> Decimals.text(
                        Decimals.perMillion(endpoint.listPrice(platformMargin).prompt())))
                .setHeader("List in /1M");
        grid.addColumn(endpoint -> Decimals.text(
                        Decimals.perMillion(endpoint.listPrice(platformMargin).completion())))
                .setHeader("List out /1M");
        grid.addColumn(endpoint -> endpoint.isEnabled() ? "enabled" : "disabled")
                .setHeader("State");
        grid.addItemClickListener(click -> edit(Optional.of(click.getItem())));
        add(
                new H1("Endpoints"),
                new Paragraph("Prices in USD per million tokens. List price = cost × (1 + margin); the margin is the"
                        + " endpoint's own, else its provider's, else the platform's default."),
                add,
                grid);
        refresh();
    }

    private void refresh() {
        platformMargin = catalog.platformMargin();
        grid.setItems(catalog.endpoints());
    }

    private void edit(Optional<Endpoint> current) {
        Dialog dialog = new Dialog(current.map(e -> "Edit " + e.getProvider().getSlug() + " · "
                        + e.getModel().getId())
                .orElse("Add an endpoint"));
        ComboBox<String> model = new ComboBox<>(
                "Model", catalog.models().stream().map(Model::getId).toList());
        model.setId("endpoint-model");
        // Read once per form: the preview below runs on every keystroke and must not query the database.
        List<Provider> providers = catalog.providers();
        ComboBox<String> provider = new ComboBox<>(
                "Provider", providers.stream().map(Provider::getSlug).toList());
        provider.setId("endpoint-provider");
        TextField upstream = new TextField("Upstream model");
        upstream.setId("endpoint-upstream-model");
        upstream.setHelperText("The model's name at the provider.");
        BigDecimalField prompt = new BigDecimalField("Prompt cost (USD / 1M tokens)");
        prompt.setId("endpoint-prompt-cost");
        BigDecimalField completion = new BigDecimalField("Completion cost (USD / 1M tokens)");
        completion.setId("endpoint-completion-cost");
        BigDecimalField margin = new BigDecimalField("Margin");
        margin.setId("endpoint-margin");
        margin.setHelperText("A fraction: 0.05 is 5 %. Empty: the provider's, else the platform's.");
        IntegerField contextLength = new IntegerField("Context length (empty: the model's)");
        IntegerField maxCompletion = new IntegerField("Max completion tokens");
        IntegerField maxConcurrency = new IntegerField("Max concurrent calls per replica");
        maxConcurrency.setId("endpoint-max-concurrency");
        maxConcurrency.setHelperText("Empty: no limit.");
        MultiSelectComboBox<String> parameters = new MultiSelectComboBox<>(
                "Supported parameters",
                CatalogRules.PARAMETERS.stream().sorted().toList());
        ComboBox<String> quantization = new ComboBox<>(
                "Quantization", CatalogRules.QUANTIZATIONS.stream().sorted().toList());
        Checkbox enabled = new Checkbox("Enabled", true);
        Span listPrice = new Span();
        listPrice.setId("endpoint-list-price");
        Runnable showListPrice = () -> listPrice.setText(
                preview(providers, prompt.getValue(), completion.getValue(), margin.getValue(), provider.getValue()));
        prompt.addValueChangeListener(change -> showListPrice.run());
        completion.addValueChangeListener(change -> showListPrice.run());
        margin.addValueChangeListener(change -> showListPrice.run());
        provider.addValueChangeListener(change -> showListPrice.run());
        current.ifPresent(endpoint -> {
            model.setValue(endpoint.getModel().getId());
            model.setReadOnly(true);
            provider.setValue(endpoint.getProvider().getSlug());
            provider.setReadOnly(true);
            upstream.setValue(endpoint.getUpstreamModel());
            prompt.setValue(Decimals.perMillion(endpoint.getPromptCost()));
            completion.setValue(Decimals.perMillion(endpoint.getCompletionCost()));
            margin.setValue(endpoint.getMargin());
            contextLength.setValue(endpoint.getContextLength());
            maxCompletion.setValue(endpoint.getMaxCompletionTokens());
            maxConcurrency.setValue(endpoint.getMaxConcurrency());
            parameters.setValue(Set.of(endpoint.getSupportedParameters()));
            quantization.setValue(endpoint.getQuantization());
            enabled.setValue(endpoint.isEnabled());
        });
        showListPrice.run();

        Button save = new Button("Save", click -> {
            boolean saved = attempt(() -> {
                EndpointDraft draft = new EndpointDraft(
                        required("model", model.getValue()),
                        required("provider", provider.getValue()),
                        CatalogRules.text("upstream_model", upstream.getValue().strip(), 200),
                        new TokenPrices(
                                perToken("cost.prompt", prompt.getValue()),
                                perToken("cost.completion", completion.getValue()),
                                current.map(Endpoint::getRequestCost).orElse(null),
                                current.map(Endpoint::getImageCost).orElse(null)),
                        Optional.ofNullable(margin.getValue()).map(value -> CatalogRules.margin("margin", value)),
                        Optional.ofNullable(contextLength.getValue())
                                .map(value -> CatalogRules.positive("context_length", value)),
                        Optional.ofNullable(maxCompletion.getValue())
                                .map(value -> CatalogRules.positive("max_completion_tokens", value)),
                        parameters.getValue().stream().sorted().toList(),
                        Optional.ofNullable(quantization.getValue()),
                        Optional.ofNullable(maxConcurrency.getValue())
                                .map(value -> CatalogRules.positive("max_concurrency", value)),
                        enabled.getValue());
                if (current.isPresent()) {
                    platformWide(() ->
                            catalog.updateEndpoint(operator(), current.get().getId(), draft));
                } else {
                    platformWide(() -> catalog.createEndpoint(operator(), draft));
                }
            });
            if (saved) {
                dialog.close();
                refresh();
            }
        });
        save.setId("save-endpoint");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(
                new FormLayout(
                        model,
                        provider,
                        upstream,
                        quantization,
                        prompt,
                        completion,
                        margin,
                        enabled,
                        contextLength,
                        maxCompletion,
                        maxConcurrency,
                        parameters),
                listPrice);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
    }

    /** The list price the operator is about to set, shown while typing. */
    private String preview(
            List<Provider> providers,
            BigDecimal prompt,
            BigDecimal completion,
            BigDecimal ownMargin,
            String providerSlug) {
        if (prompt == null || completion == null) {
            return "Enter both costs to see the list price.";
        }
        Optional<BigDecimal> providerMargin = providers.stream()
                .filter(p -> p.getSlug().equals(providerSlug))
                .findFirst()
                .map(Provider::getMargin);
        BigDecimal applied = MarginPolicy.resolve(Optional.ofNullable(ownMargin), providerMargin, platformMargin);
        TokenPrices list = new TokenPrices(prompt, completion, null, null).withMargin(applied);
        return "List price with margin " + Decimals.text(applied) + ": " + Decimals.text(list.prompt()) + " in, "
                + Decimals.text(list.completion()) + " out, USD per 1M tokens.";
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "choose one");
        }
        return value;
    }

    private static BigDecimal perToken(String field, BigDecimal perMillion) {
        if (perMillion == null) {
            throw new InvalidFieldException(field, "is required (USD per 1M tokens)");
        }
        return CatalogRules.price(field, Decimals.perToken(perMillion));
    }
}
