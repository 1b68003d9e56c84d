package dev.tollgate.routing.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class WireJsonTest {

    @Test
    void exactAmountsAreWrittenInPlainNotation() {
        String json = WireJson.write(WireJson.object()
                .add("cost", WireJson.exact(new BigDecimal("2.8875E-7")))
                .add("whole", WireJson.exact(new BigDecimal("1.500")))
                .add("big", WireJson.exact(new BigDecimal("1E+3")))
                .build());
        assertEquals("{\"cost\":0.00000028875,\"whole\":1.5,\"big\":1000}", json);
    }

    @Test
    void exactAmountsReadBackUnchanged() {
        BigDecimal amount = new BigDecimal("0.000000021050000001");
        String json = WireJson.write(
                WireJson.object().add("a", WireJson.exact(amount)).build());
        assertEquals(
                0,
                amount.compareTo(WireJson.parseObject(json).getJsonNumber("a").bigDecimalValue()));
    }
}
