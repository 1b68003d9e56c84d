package dev.tollgate.billing.report;

import java.math.BigDecimal;

/**
 * What the platform owes a provider: the posted balance (credits less debits) of its payable account.
 *
 * @param provider the provider's slug, the account's owner
 * @param calls posted {@code usage_cost} transfers to the account: the calls it was paid for
 */
public record ProviderPayable(String provider, BigDecimal owed, long calls) {}
