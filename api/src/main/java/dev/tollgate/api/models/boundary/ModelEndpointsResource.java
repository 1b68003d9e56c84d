package dev.tollgate.api.models.boundary;

import dev.tollgate.admin.RefusedException;
import dev.tollgate.routing.catalog.Catalog;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.RoutableEndpoint;
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
 * OpenRouter's PublicEndpoint shape. Uptime, latency and throughput are {@code null} until provider health is
 * measured (the router issue): no number is shown that was not measured.
 */
@Path("v1/models/{author}/{slug}/endpoints")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models")
public class ModelEndpointsResource {

    @Inject
    Catalog catalog;

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
            @JsonbNillable @JsonbProperty("uptime_last_30m") Double uptimeLast30m,

            @JsonbNillable @JsonbProperty("latency_last_30m")
            Object latencyLast30m,

            @JsonbNillable @JsonbProperty("throughput_last_30m")
            Object throughputLast30m,

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
        CatalogSnapshot snapshot = catalog.current();
        CatalogModel model = snapshot.model(id).orElseThrow(() -> new UnknownModelException(id));
        List<PublicEndpoint> endpoints = snapshot.endpoints(id).stream()
                .map(endpoint -> publicEndpoint(model, endpoint))
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

    private static PublicEndpoint publicEndpoint(CatalogModel model, RoutableEndpoint endpoint) {
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
                0,
                null,
                null,
                null,
                false);
    }
}
