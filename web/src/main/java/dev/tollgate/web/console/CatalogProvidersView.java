package dev.tollgate.web.console;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.admin.catalog.control.CatalogRules;
import dev.tollgate.admin.catalog.control.CatalogService;
import dev.tollgate.admin.catalog.control.ProviderDraft;
import dev.tollgate.admin.catalog.entity.Provider;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Optional;

/** The catalog's providers: where each is reached, its data policy, its margin; add, edit, disable. */
@Route(value = "console/providers", layout = PortalLayout.class)
@PageTitle("Providers · Operator console · Tollgate")
@CdiComponent
public class CatalogProvidersView extends ConsoleView {

    private final CatalogService catalog;
    private final Grid<Provider> grid = new Grid<>(Provider.class, false);

    @Inject
    public CatalogProvidersView(CatalogService catalog) {
        this.catalog = catalog;
        Button add = new Button("Add provider", click -> edit(Optional.empty()));
        add.setId("add-provider");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        grid.setId("providers");
        grid.addColumn(Provider::getSlug).setHeader("Slug").setAutoWidth(true);
        grid.addColumn(Provider::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(Provider::getProtocol).setHeader("Protocol");
        grid.addColumn(Provider::getBaseUrl).setHeader("Base URL").setAutoWidth(true);
        grid.addColumn(provider -> provider.getApiKeyCiphertext() == null ? "none" : "set (encrypted)")
                .setHeader("API key");
        grid.addColumn(provider -> (provider.isTrainsOnPrompts() ? "trains" : "no training")
                        + (provider.isRetainsPrompts() ? ", retains" : ", no retention"))
                .setHeader("Data policy");
        grid.addColumn(provider ->
                        provider.getMargin() == null ? "platform default" : Decimals.text(provider.getMargin()))
                .setHeader("Margin");
        grid.addColumn(provider -> provider.isEnabled() ? "enabled" : "disabled")
                .setHeader("State");
        grid.addItemClickListener(click -> edit(Optional.of(click.getItem())));
        add(new H1("Providers"), add, grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(catalog.providers());
    }

    private void edit(Optional<Provider> current) {
        Dialog dialog = new Dialog(current.map(p -> "Edit " + p.getSlug()).orElse("Add a provider"));
        TextField slug = new TextField("Slug");
        slug.setId("provider-slug");
        slug.setHelperText("Lower case, e.g. together-ai. Fixed once created.");
        TextField name = new TextField("Name");
        name.setId("provider-name");
        ComboBox<Protocol> protocol = new ComboBox<>("Protocol", Arrays.asList(Protocol.values()));
        protocol.setItemLabelGenerator(Protocol::wireName);
        protocol.setId("provider-protocol");
        TextField baseUrl = new TextField("Base URL");
        baseUrl.setId("provider-base-url");
        baseUrl.setPlaceholder("https://api.example.com/v1");
        PasswordField apiKey = new PasswordField("API key");
        apiKey.setId("provider-api-key");
        apiKey.setHelperText(
                current.isPresent() ? "Leave empty to keep the stored key." : "Stored encrypted; never shown again.");
        Checkbox training = new Checkbox("Trains on prompts");
        Checkbox retains = new Checkbox("Retains prompts");
        BigDecimalField margin = new BigDecimalField("Margin");
        margin.setId("provider-margin");
        margin.setHelperText("A fraction: 0.05 is 5 %. Empty: the platform's default.");
        Checkbox enabled = new Checkbox("Enabled", true);
        enabled.setId("provider-enabled");
        current.ifPresent(provider -> {
            slug.setValue(provider.getSlug());
            slug.setReadOnly(true);
            name.setValue(provider.getName());
            protocol.setValue(Protocol.fromWireName(provider.getProtocol()).orElse(null));
            baseUrl.setValue(provider.getBaseUrl());
            training.setValue(provider.isTrainsOnPrompts());
            retains.setValue(provider.isRetainsPrompts());
            margin.setValue(provider.getMargin());
            enabled.setValue(provider.isEnabled());
        });

        Button save = new Button("Save", click -> {
            boolean saved = attempt(() -> {
                Protocol chosen = Optional.ofNullable(protocol.getValue())
                        .orElseThrow(() -> new dev.tollgate.admin.InvalidFieldException("protocol", "choose one"));
                ProviderDraft draft = new ProviderDraft(
                        CatalogRules.providerSlug("slug", slug.getValue().strip()),
                        CatalogRules.text("name", name.getValue().strip(), 200),
                        chosen,
                        CatalogRules.baseUrl("base_url", baseUrl.getValue().strip(), chosen),
                        training.getValue(),
                        retains.getValue(),
                        Optional.ofNullable(margin.getValue()).map(value -> CatalogRules.margin("margin", value)),
                        enabled.getValue());
                Optional<String> key = Optional.of(apiKey.getValue().strip()).filter(value -> !value.isEmpty());
                if (current.isPresent()) {
                    platformWide(() ->
                            catalog.updateProvider(operator(), current.get().getSlug(), draft, key.map(Optional::of)));
                } else {
                    platformWide(() -> catalog.createProvider(operator(), draft, key));
                }
            });
            if (saved) {
                dialog.close();
                refresh();
            }
        });
        save.setId("save-provider");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(slug, name, protocol, baseUrl, apiKey, margin, training, retains, enabled));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
    }
}
