package dev.tollgate.api.key.boundary;

import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.api.key.control.KeyService;
import dev.tollgate.api.key.control.KeySpend;
import dev.tollgate.api.key.control.LimitReset;
import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.routing.adapter.WireJson;
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
        // Settled spend, as the ledger has it; calls in flight count once they settle.
        KeySpend spend = KeySpend.of(ledger.keySpend(caller.keyId(), KeySpend.moments(Instant.now())));
        BigDecimal limit = key.getLimitUsd();
        String reset = key.getLimitReset();
        JsonObjectBuilder data = WireJson.object()
                .add("label", key.getLabel())
                .add("name", key.getName())
                .add("is_management_key", key.isManagement())
                .add("is_provisioning_key", key.isManagement())
                .add("is_free_tier", false)
                .add("include_byok_in_limit", key.isIncludeByokInLimit())
                .add("usage", WireJson.exact(spend.total()))
                .add("usage_daily", WireJson.exact(spend.daily()))
                .add("usage_weekly", WireJson.exact(spend.weekly()))
                .add("usage_monthly", WireJson.exact(spend.monthly()))
                .add("byok_usage", 0)
                .add("byok_usage_daily", 0)
                .add("byok_usage_weekly", 0)
                .add("byok_usage_monthly", 0);
        if (limit == null) {
            data.addNull("limit").addNull("limit_remaining");
        } else {
            data.add("limit", WireJson.exact(limit))
                    .add("limit_remaining", WireJson.exact(spend.remaining(limit, LimitReset.fromWireName(reset))));
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
