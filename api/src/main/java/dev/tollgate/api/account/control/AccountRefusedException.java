package dev.tollgate.api.account.control;

/** A sign-up or sign-in that cannot go ahead; the message says what to do, in words for the person at the form. */
public class AccountRefusedException extends RuntimeException {

    /** Why, for callers that answer differently (a lock-out is also logged). */
    public enum Reason {
        INVALID,
        EMAIL_TAKEN,
        WRONG_CREDENTIALS,
        LOCKED,
        SIGN_UP_CLOSED
    }

    private final Reason reason;

    public AccountRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
