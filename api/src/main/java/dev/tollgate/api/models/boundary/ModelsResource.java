package dev.tollgate.api.models.boundary;

import dev.tollgate.api.models.control.ListedModel;
import dev.tollgate.api.models.control.ModelCatalog;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.PlainDecimal;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/models}: OpenRouter's Model objects for every enabled model that some enabled endpoint serves,
 * priced at the cheapest endpoint's list price (USD per token, as decimal strings). Read from the routing snapshot,
 * so an operator's change shows here at once. Public, like OpenRouter's.
 */
@Path("v1/models")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models")
public class ModelsResource {

    @Inject
    ModelCatalog catalog;

    public record Architecture(
            String modality,
            List<String> inputModalities,
            List<String> outputModalities,
            String tokenizer,
            String instructType) {}

    public record Pricing(String prompt, String completion, String request, String image) {}

    public record TopProvider(int contextLength, Integer maxCompletionTokens, boolean isModerated) {}

    public record ModelObject(
            String id,
            String canonicalSlug,
            String name,
            long created,
            String description,
            int contextLength,
            Architecture architecture,
            Pricing pricing,
            TopProvider topProvider,
            Object perRequestLimits,
            List<String> supportedParameters) {}

    @GET
    @Operation(summary = "List the models available, at list price")
    public Map<String, List<ModelObject>> list() {
        return Map.of(
                "data",
                catalog.listed().stream().map(ModelsResource::modelObject).toList());
    }

    private static ModelObject modelObject(ListedModel listed) {
        CatalogModel model = listed.model();
        RoutableEndpoint cheapest = listed.cheapest();
        TreeSet<String> parameters = new TreeSet<>();
        listed.endpoints().forEach(endpoint -> parameters.addAll(endpoint.supportedParameters()));
        TokenPrices price = listed.listPrice();
        return new ModelObject(
                model.id(),
                model.id(),
                model.name(),
                model.created().getEpochSecond(),
                model.description(),
                model.contextLength(),
                architecture(model),
                pricing(price),
                new TopProvider(
                        cheapest.contextLength(), cheapest.maxCompletionTokens().orElse(null), false),
                null,
                List.copyOf(parameters));
    }

    static Architecture architecture(CatalogModel model) {
        return new Architecture(
                String.join("+", model.inputModalities()) + "->" + String.join("+", model.outputModalities()),
                model.inputModalities(),
                model.outputModalities(),
                "Other",
                null);
    }

    static Pricing pricing(TokenPrices price) {
        return new Pricing(
                PlainDecimal.text(price.prompt()),
                PlainDecimal.text(price.completion()),
                PlainDecimal.text(price.request()),
                PlainDecimal.text(price.image()));
    }
}
