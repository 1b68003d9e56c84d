package dev.tollgate.billing.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One immutable movement of money from a debit account to a credit account.
 *
 * @param id the idempotency key: the same id twice is the same transfer
 * @param code why the money moved ({@code call}, {@code top_up}, {@code fee}, {@code grant}, {@code refund}, …)
 * @param reference what it belongs to (a generation id, a Stripe session, …)
 * @param pendingId for a post or void, the hold it resolves
 * @param timeout for a hold, when it may be voided as abandoned
 */
public record Transfer(
        UUID id,
        UUID debitAccount,
        UUID creditAccount,
        BigDecimal amount,
        String code,
        Optional<String> reference,
        TransferState state,
        Optional<UUID> pendingId,
        Optional<Instant> timeout,
        Instant createdAt) {

    /** Whether {@code other} asks for the same movement (for idempotent retries, which may not change anything). */
    boolean sameAs(Transfer other) {
        return id.equals(other.id)
                && debitAccount.equals(other.debitAccount)
                && creditAccount.equals(other.creditAccount)
                && amount.compareTo(other.amount) == 0
                && code.equals(other.code)
                && reference.equals(other.reference)
                && state == other.state
                && pendingId.equals(other.pendingId);
    }
}
