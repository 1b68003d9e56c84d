package dev.tollgate.billing.ledger;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kinds of account (ARCHITECTURE.md, "Money"). Organisation credits are a liability the platform owes its
 * customer: they may never go below zero, so their debits must not exceed their credits. The platform's own accounts
 * may run either way (clearing is debited by every payment, grants by every gift).
 */
public enum AccountKind {
    ORG_CREDITS(true),
    PROVIDER_PAYABLE(false),
    MARGIN_REVENUE(false),
    FEE_REVENUE(false),
    PAYMENTS_CLEARING(false),
    GRANTS(false);

    /** The owner of the platform's single accounts. */
    public static final String PLATFORM = "platform";

    private final boolean debitsMustNotExceedCredits;

    AccountKind(boolean debitsMustNotExceedCredits) {
        this.debitsMustNotExceedCredits = debitsMustNotExceedCredits;
    }

    public boolean debitsMustNotExceedCredits() {
        return debitsMustNotExceedCredits;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountKind of(String wireName) {
        return Arrays.stream(values())
                .filter(kind -> kind.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no account kind " + wireName));
    }
}
