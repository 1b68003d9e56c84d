package dev.tollgate.web.activity;

import com.vaadin.flow.component.AbstractField.ComponentValueChangeEvent;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import dev.tollgate.api.generation.control.ActivityChoices;
import dev.tollgate.api.generation.control.ActivityChoices.Choice;
import dev.tollgate.api.generation.control.ActivityFilter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Activity page's filter bar: model, provider, key, app and a range of UTC days, both ends included. Each change
 * hands the new filter on at once; a range whose end comes before its start is refused with a word on the field.
 */
public class ActivityFilters extends FlexLayout {

    final ComboBox<String> model = new ComboBox<>("Model");
    final ComboBox<Choice<String>> provider = new ComboBox<>("Provider");
    final ComboBox<Choice<UUID>> key = new ComboBox<>("Key");
    final ComboBox<String> app = new ComboBox<>("App");
    final DatePicker from = new DatePicker("From (UTC)");
    final DatePicker to = new DatePicker("To (UTC)");
    final Button clear = new Button("Clear filters");

    private Consumer<ActivityFilter> listener = filter -> {};
    private boolean clearing;

    public ActivityFilters(ActivityChoices choices, LocalDate today) {
        setId("activity-filters");
        setFlexWrap(FlexWrap.WRAP);
        setAlignItems(FlexComponent.Alignment.BASELINE);
        getStyle().set("gap", "0 var(--lumo-space-m)");
        model.setId("filter-model");
        model.setItems(choices.models());
        provider.setId("filter-provider");
        provider.setItems(choices.providers());
        provider.setItemLabelGenerator(Choice::label);
        key.setId("filter-key");
        key.setItems(choices.keys());
        key.setItemLabelGenerator(Choice::label);
        app.setId("filter-app");
        app.setItems(choices.apps());
        from.setId("filter-from");
        to.setId("filter-to");
        from.setMax(today);
        to.setMax(today);
        for (HasSize field : List.<HasSize>of(model, provider, key, app, from, to)) {
            field.setMaxWidth("16rem");
        }
        model.addValueChangeListener(this::changed);
        provider.addValueChangeListener(this::changed);
        key.addValueChangeListener(this::changed);
        app.addValueChangeListener(this::changed);
        from.addValueChangeListener(this::changed);
        to.addValueChangeListener(this::changed);
        clear.setId("filter-clear");
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        clear.addClickListener(click -> {
            clearing = true;
            try {
                List.<HasValue<?, ?>>of(model, provider, key, app, from, to).forEach(HasValue::clear);
            } finally {
                clearing = false;
            }
            changed(null);
        });
        add(model, provider, key, app, from, to, clear);
    }

    public void onChange(Consumer<ActivityFilter> listener) {
        this.listener = listener;
    }

    private void changed(ComponentValueChangeEvent<?, ?> change) {
        if (!clearing) {
            filter().ifPresent(listener);
        }
    }

    /** The filter the fields describe; empty while the date range is backwards. */
    public Optional<ActivityFilter> filter() {
        if (from.getValue() != null && to.getValue() != null && to.getValue().isBefore(from.getValue())) {
            to.setInvalid(true);
            to.setErrorMessage("The end date is before the start date.");
            return Optional.empty();
        }
        to.setInvalid(false);
        Instant start = from.getValue() == null ? null : startOf(from.getValue());
        Instant end = to.getValue() == null ? null : startOf(to.getValue().plusDays(1));
        return Optional.of(ActivityFilter.ALL
                .withModel(model.getValue())
                .withProvider(Optional.ofNullable(provider.getValue())
                        .map(Choice::value)
                        .orElse(null))
                .withKey(Optional.ofNullable(key.getValue()).map(Choice::value).orElse(null))
                .withApp(app.getValue())
                .between(start, end));
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
