package dev.tollgate.billing.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What a caller asks the ledger to do; each carries the id that makes a retry harmless. */
public sealed interface TransferRequest {

    UUID id();

    /**
     * The id of one step of something that happens once (a call's settlement, a session's top-up): the same however
     * often it is asked, so that the ledger, which keys transfers by id, moves the money once.
     */
    static UUID derivedId(String step, String subject) {
        return UUID.nameUUIDFromBytes((step + ':' + subject).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Move money now.
     *
     * @param apiKey the API key whose call this pays for, if any: a key's spend is summed from these
     * @param mayOverdraw whether the debit account may go below zero: only for what is owed whatever the balance (a
     *     call already answered, a payment already refunded)
     */
    record Post(
            UUID id,
            UUID debit,
            UUID credit,
            BigDecimal amount,
            String code,
            Optional<String> reference,
            Optional<UUID> apiKey,
            boolean mayOverdraw)
            implements TransferRequest {

        public Post(UUID id, UUID debit, UUID credit, BigDecimal amount, String code, Optional<String> reference) {
            this(id, debit, credit, amount, code, reference, Optional.empty(), false);
        }
    }

    /**
     * Reserve money until {@code timeout}: it counts against the debit account but has not moved.
     *
     * @param cap a limit on what the hold's API key may have spent and reserved, this hold included, checked on the
     *     locked debit account so that concurrent holds cannot pass it together
     */
    record Hold(
            UUID id,
            UUID debit,
            UUID credit,
            BigDecimal amount,
            String code,
            Optional<String> reference,
            Instant timeout,
            Optional<UUID> apiKey,
            Optional<SpendCap> cap)
            implements TransferRequest {

        public Hold(
                UUID id,
                UUID debit,
                UUID credit,
                BigDecimal amount,
                String code,
                Optional<String> reference,
                Instant timeout) {
            this(id, debit, credit, amount, code, reference, timeout, Optional.empty(), Optional.empty());
        }
    }

    /**
     * At most {@code limit} spent by {@code apiKey} since {@code since}, counting posted transfers and open holds.
     */
    record SpendCap(UUID apiKey, Instant since, BigDecimal limit) {}

    /** Move {@code amount} (at most what was held) of a hold, releasing the rest. */
    record PostHold(UUID id, UUID holdId, BigDecimal amount) implements TransferRequest {}

    /** Release a hold without moving anything. */
    record VoidHold(UUID id, UUID holdId) implements TransferRequest {}
}
