package dev.tollgate.web.keys;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyFormTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final List<KeyDraft> created = new ArrayList<>();

    @BeforeEach
    void form() {
        MockVaadin.setup();
        UI.getCurrent().add(new KeyForm(Clock.fixed(NOW, ZoneOffset.UTC), created::add));
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    private static TextField name() {
        return _get(TextField.class, spec -> spec.withId("key-name"));
    }

    private static BigDecimalField limit() {
        return _get(BigDecimalField.class, spec -> spec.withId("key-limit"));
    }

    @SuppressWarnings("unchecked")
    private static Select<LimitReset> reset() {
        return _get(Select.class, spec -> spec.withId("key-limit-reset"));
    }

    private static DatePicker expiry() {
        return _get(DatePicker.class, spec -> spec.withId("key-expiry"));
    }

    private static void create() {
        _click(_get(Button.class, spec -> spec.withId("create-key")));
    }

    @Test
    void aNameAloneMakesAKeyWithoutLimitOrExpiry() {
        _setValue(name(), "  staging server ");
        create();

        assertEquals(
                List.of(new KeyDraft(
                        "staging server", Optional.empty(), Optional.empty(), false, Optional.empty(), false)),
                created);
        assertEquals("", name().getValue(), "the form is cleared for the next key");
        assertFalse(name().isInvalid(), "an emptied form is not wrong");
    }

    @Test
    void aLimitWithItsResetAndALastDayWhichLastsUntilTheEndOfThatDayUtc() {
        assertFalse(reset().isEnabled(), "a reset means nothing without a limit");
        _setValue(name(), "ci");
        _setValue(limit(), new BigDecimal("25.50"));
        assertTrue(reset().isEnabled());
        _setValue(reset(), LimitReset.MONTHLY);
        _setValue(expiry(), LocalDate.of(2026, 12, 31));
        create();

        assertEquals(1, created.size());
        KeyDraft draft = created.get(0);
        assertEquals(Optional.of(new BigDecimal("25.50")), draft.limit());
        assertEquals(Optional.of(LimitReset.MONTHLY), draft.limitReset());
        assertEquals(Optional.of(Instant.parse("2027-01-01T00:00:00Z")), draft.expiresAt());
    }

    @Test
    void aLimitWithoutResetIsATotalLimit() {
        _setValue(name(), "once");
        _setValue(limit(), new BigDecimal("5"));
        create();

        assertEquals(Optional.empty(), created.get(0).limitReset());
        assertEquals(Optional.of(new BigDecimal("5")), created.get(0).limit());
    }

    @Test
    void eachWrongFieldSaysWhatIsWrongAndNothingIsCreated() {
        _setValue(limit(), new BigDecimal("-1"));
        _setValue(expiry(), LocalDate.of(2026, 11, 21));
        create();

        assertTrue(created.isEmpty());
        assertTrue(name().isInvalid());
        assertEquals("The name must be 1 to 200 characters", name().getErrorMessage());
        assertTrue(limit().isInvalid());
        assertEquals("The limit must not be negative (USD)", limit().getErrorMessage());
        assertTrue(expiry().isInvalid());
        assertEquals("The last day must be today or later", expiry().getErrorMessage());

        _setValue(name(), "fixed");
        _setValue(limit(), new BigDecimal("0.000000001"));
        _setValue(expiry(), LocalDate.of(2026, 11, 22));
        create();
        assertTrue(created.isEmpty());
        assertFalse(name().isInvalid());
        assertEquals("The limit must be USD below 1,000,000,000 with at most 8 decimals", limit().getErrorMessage());
        assertFalse(expiry().isInvalid(), "today is a valid last day: the key works until midnight UTC");

        _setValue(limit(), null);
        create();
        assertEquals(1, created.size());
        assertFalse(limit().isInvalid());
        assertNull(limit().getValue());
        assertEquals(
                Optional.of(Instant.parse("2026-11-23T00:00:00Z")),
                created.get(0).expiresAt());
    }
}
