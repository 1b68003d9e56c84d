package dev.tollgate.billing.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What a caller asks the ledger to do; each carries the id that makes a retry harmless. */
public sealed interface TransferRequest {

    UUID id();

    /** Move money now. */
    record Post(UUID id, UUID debit, UUID credit, BigDecimal amount, String code, Optional<String> reference)
            implements TransferRequest {}

    /** Reserve money until {@code timeout}: it counts against the debit account but has not moved. */
    record Hold(
            UUID id,
            UUID debit,
            UUID credit,
            BigDecimal amount,
            String code,
            Optional<String> reference,
            Instant timeout)
            implements TransferRequest {}

    /** Move {@code amount} (at most what was held) of a hold, releasing the rest. */
    record PostHold(UUID id, UUID holdId, BigDecimal amount) implements TransferRequest {}

    /** Release a hold without moving anything. */
    record VoidHold(UUID id, UUID holdId) implements TransferRequest {}
}
