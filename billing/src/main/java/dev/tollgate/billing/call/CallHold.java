package dev.tollgate.billing.call;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * What was reserved for one call.
 *
 * @param id the ledger hold, absent when the call's worst case costs nothing (a free model)
 * @param credits the organisation's credits account
 * @param reserved the worst case held (zero without a hold)
 * @param leased when the worst case is held in this replica's lease of the organisation's credit instead of a hold of
 *     its own (then {@code id} is empty)
 */
public record CallHold(
        Optional<UUID> id,
        UUID organizationId,
        UUID credits,
        UUID apiKey,
        String generationId,
        BigDecimal reserved,
        Optional<CreditLeases.LeasedCall> leased) {}
