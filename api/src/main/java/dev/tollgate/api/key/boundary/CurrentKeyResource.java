package dev.tollgate.api.key.boundary;

import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.api.key.control.KeyService;
import dev.tollgate.api.key.control.LimitReset;
import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.PlainDecimal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/key}: the calling key's limits and spend (all time, and since the start of the UTC day, week
 * (Monday) and month). Any key may ask about itself.
 */
@Path("v1/key")
@ApplicationScoped
@OrganizationKey
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Keys")
public class CurrentKeyResource {

    @Inject
    KeyService keys;

    @Inject
    Ledger ledger;

    @GET
    @Operation(summary = "The calling key's label, limit, remaining limit and usage")
    public String current(@Context ContainerRequestContext request) {
        CallerKey caller = OrganizationKeyFilter.caller(request);
        ApiKey key = keys.own(caller);
        Instant now = Instant.now();
        // Settled spend, as the ledger has it; calls in flight count once they settle.
        List<BigDecimal> spend = ledger.keySpend(
                caller.keyId(),
                List.of(
                        Instant.EPOCH,
                        LimitReset.DAILY.periodStart(now),
                        LimitReset.WEEKLY.periodStart(now),
                        LimitReset.MONTHLY.periodStart(now)));
        BigDecimal usage = PlainDecimal.of(spend.get(0));
        BigDecimal daily = PlainDecimal.of(spend.get(1));
        BigDecimal weekly = PlainDecimal.of(spend.get(2));
        BigDecimal monthly = PlainDecimal.of(spend.get(3));
        BigDecimal limit = key.getLimitUsd();
        String reset = key.getLimitReset();
        BigDecimal spentInPeriod = reset == null
                ? usage
                : switch (reset) {
                    case "daily" -> daily;
                    case "weekly" -> weekly;
                    default -> monthly;
                };
        JsonObjectBuilder data = WireJson.object()
                .add("label", key.getLabel())
                .add("name", key.getName())
                .add("is_management_key", key.isManagement())
                .add("is_provisioning_key", key.isManagement())
                .add("is_free_tier", false)
                .add("include_byok_in_limit", key.isIncludeByokInLimit())
                .add("usage", WireJson.exact(usage))
                .add("usage_daily", WireJson.exact(daily))
                .add("usage_weekly", WireJson.exact(weekly))
                .add("usage_monthly", WireJson.exact(monthly))
                .add("byok_usage", 0)
                .add("byok_usage_daily", 0)
                .add("byok_usage_weekly", 0)
                .add("byok_usage_monthly", 0);
        if (limit == null) {
            data.addNull("limit").addNull("limit_remaining");
        } else {
            data.add("limit", WireJson.exact(limit))
                    .add(
                            "limit_remaining",
                            WireJson.exact(limit.subtract(spentInPeriod).max(BigDecimal.ZERO)));
        }
        data.add("limit_reset", reset == null ? JsonValue.NULL : WireJson.string(reset))
                .add(
                        "expires_at",
                        key.getExpiresAt() == null
                                ? JsonValue.NULL
                                : WireJson.string(key.getExpiresAt().toString()))
                .addNull("creator_user_id");
        return WireJson.write(WireJson.object().add("data", data).build());
    }
}
