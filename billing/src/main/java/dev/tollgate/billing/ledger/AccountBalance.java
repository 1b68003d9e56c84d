package dev.tollgate.billing.ledger;

import java.math.BigDecimal;
import java.util.UUID;

/** An account's four running sums at one moment. */
public record AccountBalance(
        UUID id,
        AccountKind kind,
        String owner,
        BigDecimal debitsPending,
        BigDecimal debitsPosted,
        BigDecimal creditsPending,
        BigDecimal creditsPosted) {

    /** What an account with a credit balance (organisation credits) can still spend: posted credits less all debits. */
    public BigDecimal available() {
        return creditsPosted.subtract(debitsPosted).subtract(debitsPending);
    }

    /** Credits less debits, posted only. */
    public BigDecimal postedBalance() {
        return creditsPosted.subtract(debitsPosted);
    }
}
