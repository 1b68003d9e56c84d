package dev.tollgate.web.activity;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import dev.tollgate.api.generation.control.ActivityChoices;
import dev.tollgate.api.generation.control.ActivityChoices.Choice;
import dev.tollgate.api.generation.control.ActivityFilter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActivityFiltersTest {

    private static final UUID KEY = UUID.fromString("6a1f2c3e-0000-4000-8000-000000000001");
    private final List<ActivityFilter> applied = new ArrayList<>();
    private ActivityFilters filters;

    @BeforeEach
    void aFilterBarOnAPage() {
        MockVaadin.setup();
        filters = new ActivityFilters(
                new ActivityChoices(
                        List.of("anthropic/claude", "openai/gpt-4o"),
                        List.of(new Choice<>("azure", "Azure"), new Choice<>("openai", "OpenAI")),
                        List.of(new Choice<>(KEY, "production (sk-or-v1-abc...xyz)")),
                        List.of("https://app.example")),
                LocalDate.parse("2026-11-22"));
        filters.onChange(applied::add);
        UI.getCurrent().add(filters);
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    @SuppressWarnings("unchecked")
    private <T> ComboBox<T> combo(String id) {
        return _get(ComboBox.class, spec -> spec.withId(id));
    }

    private DatePicker date(String id) {
        return _get(DatePicker.class, spec -> spec.withId(id));
    }

    @Test
    void eachFieldNarrowsTheFilterAndTheDaysAreWholeUtcDays() {
        _setValue(combo("filter-model"), "openai/gpt-4o");
        _setValue(combo("filter-provider"), new Choice<>("azure", "Azure"));
        _setValue(combo("filter-key"), new Choice<>(KEY, "production (sk-or-v1-abc...xyz)"));
        _setValue(combo("filter-app"), "https://app.example");
        _setValue(date("filter-from"), LocalDate.parse("2026-11-20"));
        _setValue(date("filter-to"), LocalDate.parse("2026-11-21"));

        assertEquals(6, applied.size(), "each change applies at once");
        assertEquals(
                ActivityFilter.ALL
                        .withModel("openai/gpt-4o")
                        .withProvider("azure")
                        .withKey(KEY)
                        .withApp("https://app.example")
                        .between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-22T00:00:00Z")),
                applied.get(5));
        assertEquals(LocalDate.parse("2026-11-22"), date("filter-to").getMax(), "no future days to pick");
    }

    @Test
    void aBackwardRangeIsRefusedOnTheFieldAndAppliesNothing() {
        _setValue(date("filter-from"), LocalDate.parse("2026-11-20"));
        _setValue(date("filter-to"), LocalDate.parse("2026-11-19"));

        assertEquals(1, applied.size());
        assertTrue(date("filter-to").isInvalid());
        assertEquals("The end date is before the start date.", date("filter-to").getErrorMessage());

        _setValue(date("filter-to"), LocalDate.parse("2026-11-20"));
        assertFalse(date("filter-to").isInvalid());
        assertEquals(
                ActivityFilter.ALL.between(
                        Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z")),
                applied.get(applied.size() - 1));
    }

    @Test
    void clearingResetsEveryFieldAndAppliesOnce() {
        _setValue(combo("filter-model"), "openai/gpt-4o");
        _setValue(date("filter-from"), LocalDate.parse("2026-11-20"));
        applied.clear();

        _click(_get(Button.class, spec -> spec.withId("filter-clear")));

        assertEquals(List.of(ActivityFilter.ALL), applied);
    }
}
