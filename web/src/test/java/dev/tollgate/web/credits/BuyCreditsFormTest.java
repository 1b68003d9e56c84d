package dev.tollgate.web.credits;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.BigDecimalField;
import dev.tollgate.billing.payment.TopUpFees;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BuyCreditsFormTest {

    private final List<BigDecimal> paid = new ArrayList<>();

    @BeforeEach
    void form() {
        MockVaadin.setup();
        UI.getCurrent().add(new BuyCreditsForm(TopUpFees.DEFAULTS, paid::add));
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    private static BigDecimalField amount() {
        return _get(BigDecimalField.class, spec -> spec.withId("credits-amount"));
    }

    private static String figure(String id) {
        return _get(Span.class, spec -> spec.withId(id)).getText();
    }

    private static Button pay() {
        return _get(Button.class, spec -> spec.withId("pay-with-stripe"));
    }

    private static void assertQuote(String credits, String fee, String total) {
        assertEquals(
                List.of(credits, fee, total),
                List.of(figure("quote-credits"), figure("quote-fee"), figure("quote-total")));
    }

    @Test
    void theFeeAndTotalFollowTheAmountAsItIsTyped() {
        assertQuote("—", "—", "—");
        assertFalse(pay().isEnabled());

        _setValue(amount(), new BigDecimal("10"));
        assertQuote("$10.00", "$0.80", "$10.80");
        assertEquals("Pay $10.80 with Stripe", pay().getText());

        _setValue(amount(), new BigDecimal("100"));
        assertQuote("$100.00", "$5.50", "$105.50");

        _setValue(amount(), new BigDecimal("15.01"));
        assertQuote("$15.01", "$0.83", "$15.84");
        assertFalse(amount().isInvalid());

        _setValue(amount(), new BigDecimal("10000"));
        assertQuote("$10,000.00", "$550.00", "$10,550.00");
    }

    @Test
    void payingHandsOverTheCreditsQuoted() {
        _setValue(amount(), new BigDecimal("20"));
        _click(pay());

        assertEquals(List.of(new BigDecimal("20.00")), paid);
    }

    @Test
    void anAmountThePolicyRefusesSaysWhyAndCannotBePaid() {
        for (String wrong : List.of("0", "-5", "10000.01")) {
            _setValue(amount(), new BigDecimal(wrong));
            assertTrue(amount().isInvalid(), wrong);
            assertEquals(
                    "The amount must be more than 0 and at most 10000 USD of credits",
                    amount().getErrorMessage(),
                    wrong);
            assertFalse(pay().isEnabled(), wrong);
            assertQuote("—", "—", "—");
        }
        _setValue(amount(), new BigDecimal("12.345"));
        assertEquals("The amount must be whole cents (at most 2 decimals), e.g. \"20.00\"", amount().getErrorMessage());
        assertFalse(pay().isEnabled());

        _setValue(amount(), null);
        assertFalse(amount().isInvalid(), "an empty field is not an error yet");
        assertFalse(pay().isEnabled());
        assertTrue(paid.isEmpty());
    }
}
