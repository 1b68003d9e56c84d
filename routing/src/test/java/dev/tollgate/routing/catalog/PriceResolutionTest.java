package dev.tollgate.routing.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceResolutionTest {

    private static final BigDecimal PLATFORM = new BigDecimal("0.05");

    @Test
    void theEndpointsOwnMarginWins() {
        assertEquals(
                new BigDecimal("0.2"),
                MarginPolicy.resolve(Optional.of(new BigDecimal("0.2")), Optional.of(new BigDecimal("0.1")), PLATFORM));
    }

    @Test
    void withoutOneTheProvidersApplies() {
        assertEquals(
                new BigDecimal("0.1"),
                MarginPolicy.resolve(Optional.empty(), Optional.of(new BigDecimal("0.1")), PLATFORM));
    }

    @Test
    void otherwiseThePlatformsDefault() {
        assertEquals(PLATFORM, MarginPolicy.resolve(Optional.empty(), Optional.empty(), PLATFORM));
    }

    @Test
    void aZeroMarginIsAMarginNotAnAbsence() {
        assertEquals(
                BigDecimal.ZERO,
                MarginPolicy.resolve(Optional.of(BigDecimal.ZERO), Optional.of(new BigDecimal("0.1")), PLATFORM));
    }

    @Test
    void listPriceIsCostTimesOnePlusMarginExactly() {
        TokenPrices cost = new TokenPrices(
                new BigDecimal("0.00000015"), new BigDecimal("0.0000006"), new BigDecimal("0.001"), null);

        TokenPrices list = cost.withMargin(new BigDecimal("0.055"));

        assertEquals(new BigDecimal("0.00000015825"), list.prompt());
        assertEquals(new BigDecimal("0.000000633"), list.completion());
        assertEquals(new BigDecimal("0.001055"), list.request());
        assertEquals(BigDecimal.ZERO, list.image());
    }

    @Test
    void pricesFarBelowACentStayExact() {
        // 3 × 10^-18 USD per token: a double would already have lost this.
        TokenPrices cost = new TokenPrices(new BigDecimal("0.000000000000000003"), BigDecimal.ZERO, null, null);

        assertEquals(
                new BigDecimal("0.0000000000000000033"),
                cost.withMargin(new BigDecimal("0.1")).prompt());
    }

    @Test
    void marginsOutsideZeroToTenAreNotSane() {
        assertTrue(MarginPolicy.isSane(BigDecimal.ZERO));
        assertTrue(MarginPolicy.isSane(BigDecimal.TEN));
        assertFalse(MarginPolicy.isSane(new BigDecimal("-0.01")));
        assertFalse(MarginPolicy.isSane(new BigDecimal("10.000001")));
    }
}
