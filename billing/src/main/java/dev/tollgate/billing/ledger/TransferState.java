package dev.tollgate.billing.ledger;

import java.util.Locale;

/** A transfer is posted at once, or pending (a hold) until a later transfer posts or voids it. */
public enum TransferState {
    PENDING,
    POSTED,
    VOIDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransferState of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
