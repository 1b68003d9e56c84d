package dev.tollgate.billing.report;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What the platform earned on one UTC day, in USD: posted credits to its revenue accounts less posted debits from
 * them (a correction that takes revenue back counts on the day it was made).
 *
 * @param margin the margin revenue account's (list price less the provider's cost, of every call)
 * @param fees the fee revenue account's (the fee of every top-up)
 */
public record DailyRevenue(LocalDate date, BigDecimal margin, BigDecimal fees) {

    public BigDecimal total() {
        return margin.add(fees);
    }
}
