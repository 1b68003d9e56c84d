package dev.tollgate.web.console;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.catalog.control.CatalogRules;
import dev.tollgate.admin.catalog.control.CatalogService;
import dev.tollgate.admin.catalog.control.ModelDraft;
import dev.tollgate.admin.catalog.entity.Model;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The catalog's models: ids callers ask for, context lengths, modalities; add, edit, disable. */
@Route(value = "console/models", layout = PortalLayout.class)
@PageTitle("Models · Operator console · Tollgate")
@CdiComponent
public class CatalogModelsView extends ConsoleView {

    private final CatalogService catalog;
    private final Grid<Model> grid = new Grid<>(Model.class, false);

    @Inject
    public CatalogModelsView(CatalogService catalog) {
        this.catalog = catalog;
        Button add = new Button("Add model", click -> edit(Optional.empty()));
        add.setId("add-model");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.setId("models");
        grid.addColumn(Model::getId).setHeader("Id").setAutoWidth(true);
        grid.addColumn(Model::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(Model::getContextLength).setHeader("Context");
        grid.addColumn(model -> String.join("+", model.getInputModalities()) + " → "
                        + String.join("+", model.getOutputModalities()))
                .setHeader("Modalities");
        grid.addColumn(model -> model.isEnabled() ? "enabled" : "disabled").setHeader("State");
        grid.addItemClickListener(click -> edit(Optional.of(click.getItem())));
        add(new H1("Models"), add, grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(catalog.models());
    }

    private void edit(Optional<Model> current) {
        Dialog dialog = new Dialog(current.map(m -> "Edit " + m.getId()).orElse("Add a model"));
        TextField id = new TextField("Id");
        id.setId("model-id");
        id.setHelperText("author/slug, optionally ending in :free. Fixed once created.");
        TextField name = new TextField("Name");
        name.setId("model-name");
        TextArea description = new TextArea("Description");
        IntegerField contextLength = new IntegerField("Context length (tokens)");
        contextLength.setId("model-context-length");
        MultiSelectComboBox<String> input =
                new MultiSelectComboBox<>("Input modalities", List.copyOf(CatalogRules.MODALITIES));
        MultiSelectComboBox<String> output =
                new MultiSelectComboBox<>("Output modalities", List.copyOf(CatalogRules.MODALITIES));
        input.setValue(Set.of("text"));
        output.setValue(Set.of("text"));
        Checkbox enabled = new Checkbox("Enabled", true);
        current.ifPresent(model -> {
            id.setValue(model.getId());
            id.setReadOnly(true);
            name.setValue(model.getName());
            description.setValue(model.getDescription());
            contextLength.setValue(model.getContextLength());
            input.setValue(Set.of(model.getInputModalities()));
            output.setValue(Set.of(model.getOutputModalities()));
            enabled.setValue(model.isEnabled());
        });
        Button save = new Button("Save", click -> {
            boolean saved = attempt(() -> {
                ModelDraft draft = new ModelDraft(
                        CatalogRules.modelId("id", id.getValue().strip()),
                        CatalogRules.text("name", name.getValue().strip(), 200),
                        CatalogRules.textOrEmpty(
                                "description", description.getValue().strip(), 4000),
                        CatalogRules.positive(
                                "context_length",
                                Optional.ofNullable(contextLength.getValue())
                                        .orElseThrow(() -> new InvalidFieldException("context_length", "is required"))),
                        nonEmpty("input_modalities", input.getValue()),
                        nonEmpty("output_modalities", output.getValue()),
                        enabled.getValue());
                if (current.isPresent()) {
                    platformWide(
                            () -> catalog.updateModel(operator(), current.get().getId(), draft));
                } else {
                    platformWide(() -> catalog.createModel(operator(), draft));
                }
            });
            if (saved) {
                dialog.close();
                refresh();
            }
        });
        save.setId("save-model");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new FormLayout(id, name, contextLength, input, output, enabled, description));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
    }

    private static List<String> nonEmpty(String field, Set<String> values) {
        if (values.isEmpty()) {
            throw new InvalidFieldException(field, "choose at least one");
        }
        return values.stream().sorted().toList();
    }
}
