package dev.tollgate.admin.catalog.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RequestBody;
import dev.tollgate.admin.catalog.control.CatalogEntryNotFoundException;
import dev.tollgate.admin.catalog.control.CatalogRules;
import dev.tollgate.admin.catalog.control.CatalogService;
import dev.tollgate.admin.catalog.control.EndpointDraft;
import dev.tollgate.admin.catalog.entity.Endpoint;
import dev.tollgate.admin.operator.OperatorApi;
import dev.tollgate.admin.operator.OperatorAuthenticationFilter;
import dev.tollgate.routing.catalog.TokenPrices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/v1/endpoints}: which provider serves which model at which cost. Each answer shows the cost, the
 * margin that applies and the resulting list price, per token and per million tokens.
 */
@Path("admin/v1/endpoints")
@ApplicationScoped
@OperatorApi
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: endpoints")
@SecurityRequirement(name = "operatorToken")
public class EndpointsResource {

    private static final Set<String> FIELDS = Set.of(
            "model",
            "provider",
            "upstream_model",
            "cost",
            "margin",
            "context_length",
            "max_completion_tokens",
            "supported_parameters",
            "quantization",
            "max_concurrency",
            "enabled");
    private static final Set<String> COST_FIELDS = Set.of("prompt", "completion", "request", "image");

    @Inject
    CatalogService catalog;

    @GET
    @Operation(summary = "List endpoints with cost, margin and list price")
    public Map<String, List<CatalogViews.EndpointView>> list() {
        BigDecimal platformMargin = catalog.platformMargin();
        return Map.of(
                "data",
                catalog.endpoints().stream()
                        .map(endpoint -> CatalogViews.of(endpoint, platformMargin))
                        .toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One endpoint")
    public CatalogViews.EndpointView get(@PathParam("id") String id) {
        return CatalogViews.of(catalog.endpoint(uuid(id)), catalog.platformMargin());
    }

    @POST
    @Operation(summary = "Add an endpoint: a provider serving a model at a cost price (USD per token)")
    public Response create(@Context ContainerRequestContext request, JsonObject json) {
        EndpointDraft draft = draft(RequestBody.of(json).allowOnly(FIELDS), Optional.empty());
        Endpoint created = catalog.createEndpoint(OperatorAuthenticationFilter.actor(request), draft);
        return Response.status(Response.Status.CREATED)
                .entity(CatalogViews.of(created, catalog.platformMargin()))
                .build();
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Change an endpoint's prices, margin, limits or state; takes effect for the next call")
    public CatalogViews.EndpointView update(
            @Context ContainerRequestContext request, @PathParam("id") String id, JsonObject json) {
        RequestBody body = RequestBody.of(json).allowOnly(FIELDS);
        UUID endpointId = uuid(id);
        Endpoint updated = catalog.updateEndpoint(
                OperatorAuthenticationFilter.actor(request),
                endpointId,
                draft(body, Optional.of(catalog.endpoint(endpointId))));
        return CatalogViews.of(updated, catalog.platformMargin());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove an endpoint")
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") String id) {
        catalog.deleteEndpoint(OperatorAuthenticationFilter.actor(request), uuid(id));
        return Response.noContent().build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new CatalogEntryNotFoundException("no endpoint '" + id + "'");
        }
    }

    private static EndpointDraft draft(RequestBody body, Optional<Endpoint> current) {
        String model = body.string("model")
                .or(() -> current.map(endpoint -> endpoint.getModel().getId()))
                .orElseGet(() -> body.requiredString("model"));
        String provider = body.string("provider")
                .or(() -> current.map(endpoint -> endpoint.getProvider().getSlug()))
                .orElseGet(() -> body.requiredString("provider"));
        String upstreamModel = CatalogRules.text(
                "upstream_model",
                body.string("upstream_model")
                        .or(() -> current.map(Endpoint::getUpstreamModel))
                        .orElseGet(() -> body.requiredString("upstream_model")),
                200);
        return new EndpointDraft(
                model,
                provider,
                upstreamModel,
                cost(body, current),
                body.has("margin")
                        ? body.decimal("margin").map(margin -> CatalogRules.margin("margin", margin))
                        : current.map(Endpoint::getMargin),
                positive(body, "context_length", current.map(Endpoint::getContextLength)),
                positive(body, "max_completion_tokens", current.map(Endpoint::getMaxCompletionTokens)),
                CatalogRules.oneOf(
                        "supported_parameters",
                        body.strings("supported_parameters")
                                .or(() -> current.map(endpoint -> List.of(endpoint.getSupportedParameters())))
                                .orElse(List.of()),
                        CatalogRules.PARAMETERS),
                CatalogRules.quantization(
                        "quantization",
                        body.has("quantization")
                                ? body.string("quantization")
                                : current.map(Endpoint::getQuantization)),
                positive(body, "max_concurrency", current.map(Endpoint::getMaxConcurrency)),
                body.bool("enabled").orElse(current.map(Endpoint::isEnabled).orElse(true)));
    }

    private static TokenPrices cost(RequestBody body, Optional<Endpoint> current) {
        Optional<RequestBody> cost = body.object("cost").map(c -> c.allowOnly(COST_FIELDS));
        if (cost.isEmpty() && current.isEmpty()) {
            throw new InvalidFieldException("cost", "is required: {\"prompt\": \"USD per token\", \"completion\": …}");
        }
        BigDecimal prompt = price(cost, "prompt", current.map(Endpoint::getPromptCost), true);
        BigDecimal completion = price(cost, "completion", current.map(Endpoint::getCompletionCost), true);
        BigDecimal request = price(cost, "request", current.map(Endpoint::getRequestCost), false);
        BigDecimal image = price(cost, "image", current.map(Endpoint::getImageCost), false);
        return new TokenPrices(prompt, completion, request, image);
    }

    private static BigDecimal price(
            Optional<RequestBody> cost, String name, Optional<BigDecimal> current, boolean required) {
        String field = "cost." + name;
        Optional<BigDecimal> given = cost.flatMap(c -> c.decimal(name));
        if (given.isPresent()) {
            return CatalogRules.price(field, given.get());
        }
        if (cost.isPresent() && cost.get().has(name)) {
            if (required) {
                throw new InvalidFieldException(field, "is required (USD per token, e.g. \"0.0000015\")");
            }
            return null; // an explicit null clears an optional price
        }
        return current.orElseGet(() -> {
            if (required) {
                throw new InvalidFieldException(field, "is required (USD per token, e.g. \"0.0000015\")");
            }
            return null;
        });
    }

    private static Optional<Integer> positive(RequestBody body, String field, Optional<Integer> current) {
        Optional<Integer> value = body.has(field) ? body.integer(field) : current;
        value.ifPresent(number -> CatalogRules.positive(field, number));
        return value;
    }
}
