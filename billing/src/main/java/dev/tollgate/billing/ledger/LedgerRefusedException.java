package dev.tollgate.billing.ledger;

/** A transfer the ledger refused; nothing was changed. */
public class LedgerRefusedException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** The debit account may not be overdrawn and has not enough left. */
        OVERDRAFT,
        /** A transfer with this id exists and asks for something else. */
        ID_REUSED,
        /** The hold named does not exist, or is not a hold. */
        NO_SUCH_HOLD,
        /** The hold was already posted or voided. */
        HOLD_RESOLVED,
        /** More was to be posted than the hold reserved. */
        EXCEEDS_HOLD,
        /** A hold would take its API key past the key's spending limit. */
        KEY_LIMIT,
        /** The amount is negative, or zero where it must not be, or both accounts are the same. */
        INVALID
    }

    private final Reason reason;

    public LedgerRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
