package dev.tollgate.web.keys;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import dev.tollgate.api.key.control.KeyDraft;
import dev.tollgate.api.key.control.LimitReset;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The form that makes a key: a name, an optional spending limit in USD with the period after which it starts afresh,
 * and an optional last day. What a valid value is comes from {@link KeyDraft}; the form only says it next to the
 * field. A key with an expiry works until the end of its last day, UTC.
 */
public class KeyForm extends Div {

    private static final String NO_RESET = "Never (a total limit)";

    private final Clock clock;
    private final TextField name = new TextField("Name");
    private final BigDecimalField limit = new BigDecimalField("Spending limit (optional)");
    private final Select<LimitReset> reset = new Select<>();
    private final DatePicker expiry = new DatePicker("Last day (optional)");
    private final Button create = new Button("Create key");

    public KeyForm(Clock clock, Consumer<KeyDraft> onCreate) {
        this.clock = clock;
        setId("key-form");
        name.setId("key-name");
        name.setRequiredIndicatorVisible(true);
        name.setMaxLength(KeyDraft.NAME_MAX_LENGTH);
        name.setHelperText("Say what uses it, e.g. \"staging server\"");
        limit.setId("key-limit");
        limit.setPrefixComponent(new Span("$"));
        limit.setHelperText("USD this key may spend; empty for no limit");
        limit.setClearButtonVisible(true);
        reset.setId("key-limit-reset");
        reset.setLabel("Limit starts afresh");
        reset.setItems(LimitReset.values());
        reset.setEmptySelectionAllowed(true);
        reset.setEmptySelectionCaption(NO_RESET);
        reset.setItemLabelGenerator(KeyForm::resetLabel);
        reset.setEnabled(false);
        limit.addValueChangeListener(change -> reset.setEnabled(change.getValue() != null));
        expiry.setId("key-expiry");
        expiry.setHelperText("The key stops working after this day (UTC); empty for never");
        expiry.setClearButtonVisible(true);
        expiry.setMin(today());
        create.setId("create-key");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> read().ifPresent(draft -> {
            onCreate.accept(draft);
            clear();
        }));
        FormLayout fields = new FormLayout(name, limit, reset, expiry);
        fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("36em", 2));
        add(fields, create);
    }

    /** "Daily (at midnight UTC)", …; Select asks for the empty choice's label too. */
    static String resetLabel(LimitReset reset) {
        if (reset == null) {
            return NO_RESET;
        }
        return switch (reset) {
            case DAILY -> "Daily (at midnight UTC)";
            case WEEKLY -> "Weekly (Mondays, UTC)";
            case MONTHLY -> "Monthly (on the 1st, UTC)";
        };
    }

    /** The draft the fields describe, or nothing when a field is wrong (it then says what is wrong). */
    Optional<KeyDraft> read() {
        Instant now = clock.instant();
        String keyName = name.getValue().strip();
        Optional<BigDecimal> spendingLimit = Optional.ofNullable(limit.getValue());
        Optional<Instant> expiresAt = Optional.ofNullable(expiry.getValue())
                .map(day -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        boolean valid = show(name, KeyDraft.nameProblem(keyName).map(problem -> "The name " + problem))
                & show(limit, spendingLimit.flatMap(KeyDraft::limitProblem).map(problem -> "The limit " + problem))
                & show(
                        expiry,
                        expiresAt
                                .flatMap(at -> KeyDraft.expiryProblem(at, now))
                                .map(problem -> "The last day must be today or later"));
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(new KeyDraft(
                keyName,
                spendingLimit,
                spendingLimit.isPresent() ? Optional.ofNullable(reset.getValue()) : Optional.empty(),
                false,
                expiresAt,
                false));
    }

    private static boolean show(com.vaadin.flow.component.HasValidation field, Optional<String> problem) {
        field.setErrorMessage(problem.orElse(null));
        field.setInvalid(problem.isPresent());
        return problem.isEmpty();
    }

    private void clear() {
        name.clear();
        limit.clear();
        reset.clear();
        expiry.clear();
        expiry.setMin(today());
        // Emptying a required field marks it wrong; after a key is made, nothing is.
        name.setInvalid(false);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
