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
 */
public record CallHold(
        Optional<UUID> id, UUID organizationId, UUID credits, UUID apiKey, String generationId, BigDecimal reserved) {}
