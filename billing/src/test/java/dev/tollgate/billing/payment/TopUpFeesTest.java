package dev.tollgate.billing.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopUpFeesTest {

    private static final TopUpFees FEES = TopUpFees.DEFAULTS;

    @ParameterizedTest(name = "{0} USD of credits: fee {1}, total {2}")
    @CsvSource({
        "20, 1.10, 21.10",
        "5, 0.80, 5.80", // 5.5 % is 0.275: the minimum applies
        "0.01, 0.80, 0.81",
        "14.54, 0.80, 15.34", // 0.7997: still the minimum
        "14.55, 0.80, 15.35", // 0.80025 rounds to the minimum exactly
        "15.01, 0.83, 15.84", // 0.82555 rounds half up
        "15.10, 0.83, 15.93", // 0.8305 rounds down (rounding up would charge 0.84)
        "100, 5.50, 105.50",
        "10000, 550.00, 10550.00"
    })
    void theFeeIsTheRateAtLeastTheMinimumInWholeCents(String credits, String fee, String total) {
        TopUpQuote quote = FEES.quote(new BigDecimal(credits));

        assertEquals(new BigDecimal(fee), quote.fee());
        assertEquals(new BigDecimal(total), quote.total());
        assertEquals(2, quote.credits().scale());
    }

    @Test
    void halfACentRoundsUp() {
        // 10 % of 0.05 is exactly half a cent.
        TopUpQuote quote = new TopUpFees(new BigDecimal("0.1"), BigDecimal.ZERO).quote(new BigDecimal("0.05"));

        assertEquals(new BigDecimal("0.01"), quote.fee());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "10000.01", "1000000", "20.001", "0.005"})
    void badAmountsAreRefusedWithAReason(String credits) {
        BigDecimal amount = new BigDecimal(credits);

        assertTrue(TopUpFees.amountProblem(amount).isPresent(), credits);
        assertThrows(IllegalArgumentException.class, () -> FEES.quote(amount));
    }

    @Test
    void theReasonsSayWhatIsAllowed() {
        assertEquals(
                "must be more than 0 and at most 10000 USD of credits",
                TopUpFees.amountProblem(BigDecimal.ZERO).orElseThrow());
        assertEquals(
                "must be whole cents (at most 2 decimals), e.g. \"20.00\"",
                TopUpFees.amountProblem(new BigDecimal("1.234")).orElseThrow());
        assertTrue(TopUpFees.amountProblem(new BigDecimal("20.00")).isEmpty());
        assertTrue(TopUpFees.amountProblem(new BigDecimal("20.000")).isEmpty(), "trailing zeros are whole cents");
    }

    @Test
    void aRateOfOneOrMoreOrAFeeMinimumInFractionsOfACentIsNoPolicy() {
        assertThrows(IllegalArgumentException.class, () -> new TopUpFees(BigDecimal.ONE, BigDecimal.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new TopUpFees(new BigDecimal("-0.01"), BigDecimal.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new TopUpFees(BigDecimal.ZERO, new BigDecimal("0.805")));
    }
}
