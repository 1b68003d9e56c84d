package dev.tollgate.billing.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.db.InvalidSettingException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaymentSettingsTest {

    private static PaymentSettings read(Map<String, String> values) {
        return PaymentSettings.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void withoutStripeKeysPaymentsAreOffAndTheDefaultsHold() {
        PaymentSettings settings = read(Map.of());

        assertFalse(settings.enabled());
        assertEquals(new BigDecimal("0.055"), settings.fees().rate());
        assertEquals(new BigDecimal("0.80"), settings.fees().minimum());
        assertEquals(Duration.ofHours(24), settings.refundWindow());
        assertEquals("http://localhost:8080/credits/return?session_id={CHECKOUT_SESSION_ID}", settings.successUrl());
    }

    @Test
    void withoutAPublicUrlStripeSendsCustomersBackToThePortOfThisMachine() {
        PaymentSettings settings = read(Map.of("tollgate.http-port", "9090"));

        assertEquals("http://localhost:9090/credits?checkout=cancelled", settings.cancelUrl());
    }

    @Test
    void bothSecretsSwitchPaymentsOnAndNeitherIsEverPrinted() {
        PaymentSettings settings = read(Map.of(
                "stripe.secret.key", "sk_test_secret",
                "stripe.webhook.secret", "whsec_secret",
                "stripe.api.base", "http://127.0.0.1:12111/",
                "tollgate.topup.fee-rate", "0.03",
                "tollgate.topup.fee-min", "0.50",
                "tollgate.topup.refund-window-hours", "48",
                "tollgate.public-url", "https://gate.example.com/"));

        assertTrue(settings.enabled());
        assertEquals("http://127.0.0.1:12111", settings.apiBase().orElseThrow().toString());
        assertEquals(
                new BigDecimal("0.50"), settings.fees().quote(BigDecimal.TEN).fee());
        assertEquals(Duration.ofHours(48), settings.refundWindow());
        assertEquals("https://gate.example.com/credits?checkout=cancelled", settings.cancelUrl());
        assertFalse(settings.toString().contains("secret"), settings.toString());
    }

    @Test
    void aSecretKeyWithoutAWebhookSecretIsRefusedSinceNothingPaidWouldBeCredited() {
        InvalidSettingException refused =
                assertThrows(InvalidSettingException.class, () -> read(Map.of("stripe.secret.key", "sk_test_x")));

        assertTrue(refused.getMessage().startsWith("STRIPE_WEBHOOK_SECRET is required"), refused.getMessage());
    }

    @Test
    void unusableValuesNameTheirVariable() {
        assertThrows(InvalidSettingException.class, () -> read(Map.of("tollgate.topup.fee-rate", "1.5")));
        assertEquals(
                "TOLLGATE_TOPUP_FEE_MIN must be a decimal number, not 'cheap'",
                assertThrows(InvalidSettingException.class, () -> read(Map.of("tollgate.topup.fee-min", "cheap")))
                        .getMessage());
        assertTrue(assertThrows(
                        InvalidSettingException.class, () -> read(Map.of("tollgate.topup.refund-window-hours", "-1")))
                .getMessage()
                .startsWith("TOLLGATE_TOPUP_REFUND_WINDOW_HOURS"));
        assertTrue(assertThrows(InvalidSettingException.class, () -> read(Map.of("tollgate.public-url", "gate")))
                .getMessage()
                .startsWith("TOLLGATE_PUBLIC_URL"));
    }
}
