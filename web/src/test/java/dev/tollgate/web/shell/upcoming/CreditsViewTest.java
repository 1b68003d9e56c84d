package dev.tollgate.web.shell.upcoming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.payment.TopUpFees;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CreditsViewTest {

    @Test
    void theNoticeStatesTheFeeAsConfigured() {
        assertEquals(
                "Payments go through Stripe: buy credits with POST /api/v1/credits/checkout and your organisation's"
                        + " management key. The platform fee, 5.5 % of the credits and at least $0.80, is shown"
                        + " before you pay.",
                CreditsView.paymentsOn(TopUpFees.DEFAULTS));
        assertTrue(CreditsView.paymentsOn(new TopUpFees(new BigDecimal("0.03"), new BigDecimal("1")))
                .contains("3 % of the credits and at least $1.00"));
    }
}
