package dev.tollgate.api.models.boundary;

import dev.tollgate.admin.RefusedException;
import dev.tollgate.api.models.control.ModelCatalog;
import dev.tollgate.api.models.control.ModelOffers;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.health.EndpointStatus;
import dev.tollgate.routing.health.Percentiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/models/{author}/{slug}/endpoints}: every enabled endpoint serving a model, at list price, in
 * OpenRouter's PublicEndpoint shape, with this replica's live health: uptime over 5 minutes, 30 minutes and a day,
 * time to first token (milliseconds) and throughput (tokens per second) percentiles over 30 minutes, and the status
 * (0 normal, -1 recent outage, -2 breaker open). A figure nothing was measured for is {@code null}.
 */
@Path("v1/models/{author}/{slug}/endpoints")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models")
public class ModelEndpointsResource {

    @Inject
    ModelCatalog catalog;

    public record PublicEndpoint(
            String name,
            String modelId,
            String modelName,
            int contextLength,
            ModelsResource.Pricing pricing,
            String providerName,
            String tag,
            String quantization,
            Integer maxCompletionTokens,
            int maxPromptTokens,
            List<String> supportedParameters,
            int status,
            // The naming strategy would write "uptime_last30m": digits need the name spelled out.
            // A @JsonbProperty also switches null values off for its property unless it is marked nillable.
            @JsonbNillable @JsonbProperty("uptime_last_5m") Double uptimeLast5m,

            @JsonbNillable @JsonbProperty("uptime_last_30m") Double uptimeLast30m,

            @JsonbNillable @JsonbProperty("uptime_last_1d") Double uptimeLast1d,

            @JsonbNillable @JsonbProperty("latency_last_30m")
            Percentiles latencyLast30m,

            @JsonbNillable @JsonbProperty("throughput_last_30m")
            Percentiles throughputLast30m,

            boolean supportsImplicitCaching) {}

    public record ModelEndpoints(
            String id,
            String name,
            long created,
            String description,
            ModelsResource.Architecture architecture,
            List<PublicEndpoint> endpoints) {}

    /** The model is not in the catalog, or nothing serves it. */
    static class UnknownModelException extends RefusedException {
        UnknownModelException(String id) {
            super(404, "Model '" + id + "' not found");
        }
    }

    @GET
    @Operation(summary = "The endpoints serving a model, with their list prices and limits")
    public Map<String, ModelEndpoints> list(@PathParam("author") String author, @PathParam("slug") String slug) {
        String id = author + "/" + slug;
        ModelOffers offers = catalog.offers(id).orElseThrow(() -> new UnknownModelException(id));
        CatalogModel model = offers.model();
        List<PublicEndpoint> endpoints = offers.endpoints().stream()
                .map(offer -> publicEndpoint(model, offer.endpoint(), offer.status()))
                .toList();
        return Map.of(
                "data",
                new ModelEndpoints(
                        model.id(),
                        model.name(),
                        model.created().getEpochSecond(),
                        model.description(),
                        ModelsResource.architecture(model),
                        endpoints));
    }

    private static PublicEndpoint publicEndpoint(CatalogModel model, RoutableEndpoint endpoint, EndpointStatus status) {
        return new PublicEndpoint(
                endpoint.provider().name() + " | " + model.id(),
                model.id(),
                model.name(),
                endpoint.contextLength(),
                ModelsResource.pricing(endpoint.listPrice()),
                endpoint.provider().name(),
                endpoint.provider().slug(),
                endpoint.quantization().orElse("unknown"),
                endpoint.maxCompletionTokens().orElse(null),
                endpoint.contextLength(),
                endpoint.supportedParameters().stream().sorted().toList(),
                status.code(),
                status.uptime5m().orElse(null),
                status.uptime30m().orElse(null),
                status.uptime1d().orElse(null),
                status.latency30m().orElse(null),
                status.throughput30m().orElse(null),
                false);
    }
}
