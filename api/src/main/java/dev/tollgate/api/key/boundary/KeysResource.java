package dev.tollgate.api.key.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RequestBody;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.api.key.control.KeyDraft;
import dev.tollgate.api.key.control.KeyService;
import dev.tollgate.api.key.control.LimitReset;
import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.routing.catalog.PlainDecimal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenRouter's key management API, {@code /api/v1/keys}: an organisation's management key lists, creates, changes and
 * deletes the organisation's inference keys. A new key is in the response to its creation and nowhere else, ever.
 */
@Path("v1/keys")
@ApplicationScoped
@ManagementKey
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Keys")
public class KeysResource {

    private static final Set<String> CREATE_FIELDS =
            Set.of("name", "limit", "limit_reset", "include_byok_in_limit", "expires_at");
    private static final Set<String> PATCH_FIELDS =
            Set.of("name", "disabled", "limit", "limit_reset", "include_byok_in_limit", "expires_at");

    private final Clock clock = Clock.systemUTC();

    @Inject
    KeyService keys;

    /** OpenRouter's KeyInfo, without the usage figures, which arrive with the ledger. */
    public record KeyInfo(
            String hash,
            String name,
            String label,
            boolean disabled,
            BigDecimal limit,
            String limitReset,
            boolean includeByokInLimit,
            Instant createdAt,
            Instant updatedAt,
            Instant expiresAt) {}

    public record CreatedKey(KeyInfo data, String key) {}

    @GET
    @Operation(summary = "List the organisation's API keys, 100 per page")
    public Map<String, List<KeyInfo>> list(
            @Context ContainerRequestContext request,
            @QueryParam("include_disabled") @DefaultValue("false") boolean includeDisabled,
            @QueryParam("offset") String offset) {
        return Map.of(
                "data",
                keys.list(caller(request).organizationId(), includeDisabled, offset(offset)).stream()
                        .map(KeysResource::info)
                        .toList());
    }

    @GET
    @Path("{hash}")
    @Operation(summary = "One API key, by its hash")
    public Map<String, KeyInfo> get(@Context ContainerRequestContext request, @PathParam("hash") String hash) {
        return Map.of("data", info(keys.find(caller(request).organizationId(), hash)));
    }

    @POST
    @Operation(summary = "Create an API key; the key is in this response only")
    public Response create(@Context ContainerRequestContext request, JsonObject json) {
        RequestBody body = RequestBody.of(json).allowOnly(CREATE_FIELDS);
        KeyService.NewKey created =
                keys.create(actor(request), caller(request).organizationId(), draft(body, Optional.empty()));
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedKey(info(created.record()), created.key().key()))
                .build();
    }

    @PATCH
    @Path("{hash}")
    @Operation(summary = "Change an API key's name, state, limit or expiry")
    public Map<String, KeyInfo> update(
            @Context ContainerRequestContext request, @PathParam("hash") String hash, JsonObject json) {
        RequestBody body = RequestBody.of(json).allowOnly(PATCH_FIELDS);
        ApiKey current = keys.find(caller(request).organizationId(), hash);
        return Map.of(
                "data",
                info(keys.update(
                        actor(request), caller(request).organizationId(), hash, draft(body, Optional.of(current)))));
    }

    @DELETE
    @Path("{hash}")
    @Operation(summary = "Delete an API key; it stops working at once")
    public Map<String, Boolean> delete(@Context ContainerRequestContext request, @PathParam("hash") String hash) {
        keys.delete(actor(request), caller(request).organizationId(), hash);
        return Map.of("deleted", true);
    }

    /** Keys to skip: a whole number, 0 or more; JAX-RS would answer a bad one with 404 as if the path were wrong. */
    private static int offset(String offset) {
        if (offset == null || offset.isBlank()) {
            return 0;
        }
        try {
            int skip = Integer.parseInt(offset.strip());
            if (skip >= 0) {
                return skip;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new InvalidFieldException("offset", "must be a whole number of keys to skip, 0 or more");
    }

    private static CallerKey caller(ContainerRequestContext request) {
        return OrganizationKeyFilter.caller(request);
    }

    /** The management key, as the audit log names who made a change. */
    private static Actor actor(ContainerRequestContext request) {
        return Actor.managementKey(caller(request).keyId());
    }

    private KeyDraft draft(RequestBody body, Optional<ApiKey> current) {
        String name =
                body.string("name").or(() -> current.map(ApiKey::getName)).orElseGet(() -> body.requiredString("name"));
        KeyDraft.nameProblem(name).ifPresent(problem -> {
            throw new InvalidFieldException("name", problem);
        });
        Optional<BigDecimal> limit = body.has("limit") ? body.decimal("limit") : current.map(ApiKey::getLimitUsd);
        limit.flatMap(KeyDraft::limitProblem).ifPresent(problem -> {
            throw new InvalidFieldException("limit", problem);
        });
        Optional<LimitReset> reset = (body.has("limit_reset")
                        ? body.string("limit_reset")
                        : current.map(ApiKey::getLimitReset))
                .map(value -> LimitReset.fromWireName(value)
                        .orElseThrow(() ->
                                new InvalidFieldException("limit_reset", "must be daily, weekly, monthly or null")));
        Optional<Instant> expiresAt = body.has("expires_at")
                ? body.string("expires_at").map(this::futureInstant)
                : current.map(ApiKey::getExpiresAt);
        return new KeyDraft(
                name,
                limit,
                reset,
                body.bool("include_byok_in_limit")
                        .orElse(current.map(ApiKey::isIncludeByokInLimit).orElse(false)),
                expiresAt,
                body.bool("disabled").orElse(current.map(ApiKey::isDisabled).orElse(false)));
    }

    private Instant futureInstant(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(
                    "expires_at", "must be an ISO-8601 time with its offset, e.g. 2027-01-31T23:59:59Z");
        }
        KeyDraft.expiryProblem(instant, clock.instant()).ifPresent(problem -> {
            throw new InvalidFieldException("expires_at", problem);
        });
        return instant;
    }

    private static KeyInfo info(ApiKey key) {
        return new KeyInfo(
                key.getHash(),
                key.getName(),
                key.getLabel(),
                key.isDisabled(),
                PlainDecimal.of(key.getLimitUsd()),
                key.getLimitReset(),
                key.isIncludeByokInLimit(),
                key.getCreatedAt(),
                key.getUpdatedAt(),
                key.getExpiresAt());
    }
}
