package dev.tollgate.web.console;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextField;
import dev.tollgate.admin.InvalidFieldException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrantFormTest {

    /** A grant as the form sent it. */
    private record Sent(BigDecimal amount, Optional<String> reason, UUID grantId) {}

    private final List<Sent> sent = new ArrayList<>();
    private final List<BigDecimal> shown = new ArrayList<>();
    private final AtomicReference<RuntimeException> refuseWith = new AtomicReference<>();

    @BeforeEach
    void aFormWhoseGrantsAreRecorded() {
        MockVaadin.setup();
        UI.getCurrent()
                .add(new GrantForm(
                        (amount, reason, grantId) -> {
                            sent.add(new Sent(amount, reason, grantId));
                            if (refuseWith.get() != null) {
                                throw refuseWith.get();
                            }
                            return new BigDecimal("100").add(amount);
                        },
                        shown::add));
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    private TextField amount() {
        return _get(TextField.class, spec -> spec.withId("grant-amount"));
    }

    private void grant(String amount, String reason) {
        _setValue(amount(), amount);
        _setValue(_get(TextField.class, spec -> spec.withId("grant-reason")), reason);
        _click(_get(Button.class, spec -> spec.withId("grant-submit")));
    }

    private void refused(String typed, String message) {
        grant(typed, "");
        assertTrue(amount().isInvalid(), typed);
        assertEquals(message, amount().getErrorMessage(), typed);
        assertEquals(List.of(), sent, "nothing is sent for " + typed);
    }

    @Test
    void aNegativeAmountIsRefusedWithWhatIsAllowed() {
        refused("-5", "The amount must be more than 0 and at most 1000000 USD.");
    }

    @Test
    void zeroIsRefused() {
        refused("0.00", "The amount must be more than 0 and at most 1000000 USD.");
    }

    @Test
    void tooManyDecimalsAreRefusedNotRounded() {
        refused("1.0000000000001", "The amount may have at most 12 decimals.");
    }

    @Test
    void somethingThatIsNotANumberIsRefusedWithWhatToType() {
        String message = "Type the amount as a plain number in USD, such as 25 or 10.50:"
                + " no currency sign, no commas, no spaces.";
        refused("ten", message);
        refused("$10", message);
        refused("1,000", message);
        refused("1e3", message);
        refused("   ", "Enter an amount in USD, such as 25 or 10.50.");
    }

    @Test
    void anExactAmountIsGrantedAsTypedAndTheNextGrantIsANewOne() {
        grant(" 10.123456789012 ", " launch promotion ");

        assertEquals(1, sent.size());
        assertEquals(new BigDecimal("10.123456789012"), sent.get(0).amount(), "exact, as typed");
        assertEquals(Optional.of("launch promotion"), sent.get(0).reason());
        assertEquals(List.of(new BigDecimal("110.123456789012")), shown);
        assertFalse(amount().isInvalid());
        assertEquals("", amount().getValue(), "the form is ready for another grant");

        grant("5", "");
        assertEquals(Optional.empty(), sent.get(1).reason());
        assertNotEquals(sent.get(0).grantId(), sent.get(1).grantId(), "another grant, another id");
    }

    @Test
    void aRetryAfterARefusalKeepsTheGrantIdSoItCreditsOnce() {
        refuseWith.set(new InvalidFieldException("amount", "must be more than 0 and at most 1000000 USD"));
        grant("7", "");
        assertTrue(amount().isInvalid());
        assertEquals("The amount must be more than 0 and at most 1000000 USD.", amount().getErrorMessage());
        assertEquals(List.of(), shown);

        refuseWith.set(null);
        grant("7", "");
        assertEquals(2, sent.size());
        assertEquals(sent.get(0).grantId(), sent.get(1).grantId(), "the same grant, tried again");
        assertEquals(List.of(new BigDecimal("107")), shown);
    }
}
