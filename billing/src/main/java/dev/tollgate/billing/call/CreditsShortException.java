package dev.tollgate.billing.call;

import java.math.BigDecimal;

/** A call refused before dispatch because its worst case does not fit what the organisation or the key has left. */
public class CreditsShortException extends RuntimeException {

    /** Which limit the call ran into. */
    public enum Shortfall {
        /** The organisation's balance is zero or below: no call at all, free models included. */
        NO_CREDITS,
        /** The key has spent its limit for the period. */
        KEY_LIMIT_REACHED,
        /** Something is left, but less than the call's worst case. */
        WORST_CASE_UNAFFORDABLE
    }

    private final Shortfall shortfall;
    private final BigDecimal affordable;

    public CreditsShortException(Shortfall shortfall, BigDecimal affordable) {
        super(shortfall + ": " + affordable.toPlainString() + " USD affordable", null, false, false);
        this.shortfall = shortfall;
        this.affordable = affordable;
    }

    public Shortfall shortfall() {
        return shortfall;
    }

    /** What the call may still spend: the smaller of the balance and the key's remaining limit, never negative. */
    public BigDecimal affordable() {
        return affordable;
    }
}
