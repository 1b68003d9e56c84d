package dev.tollgate.api.key.control;

import dev.tollgate.billing.ledger.TransferRequest.SpendCap;
import dev.tollgate.db.tenancy.TenantScope;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The key a request authenticated with: whose organisation it acts for, and whether it is a management key.
 *
 * @param denyDataCollection the organisation's setting: none of its calls may go to a provider that trains on or
 *     retains prompts
 * @param ignoredProviders the organisation's default ignored providers (slugs): none of its calls goes to them
 * @param limit the key's spending limit in USD, if it has one
 * @param limitReset when that limit starts afresh; never, without one
 */
public record CallerKey(
        UUID keyId,
        UUID organizationId,
        String hash,
        boolean management,
        boolean denyDataCollection,
        List<String> ignoredProviders,
        Optional<BigDecimal> limit,
        Optional<LimitReset> limitReset) {

    public CallerKey {
        ignoredProviders = List.copyOf(ignoredProviders);
    }

    /** The rows a request made with this key may see: its organisation's. */
    public TenantScope scope() {
        return TenantScope.tenant(organizationId);
    }

    /** The key's limit as a cap on what it may spend in the period containing {@code now}. */
    public Optional<SpendCap> spendCap(Instant now) {
        return limit.map(amount -> new SpendCap(
                keyId, limitReset.map(reset -> reset.periodStart(now)).orElse(Instant.EPOCH), amount));
    }

    /** How OpenRouter names the limit in its 403: {@code total}, {@code daily}, … */
    public String limitName() {
        return limitReset.map(LimitReset::wireName).orElse("total");
    }
}
