package dev.tollgate.admin.catalog.boundary;

import dev.tollgate.admin.RequestBody;
import dev.tollgate.admin.catalog.control.CatalogRules;
import dev.tollgate.admin.catalog.control.CatalogService;
import dev.tollgate.admin.catalog.control.ModelDraft;
import dev.tollgate.admin.catalog.entity.Model;
import dev.tollgate.admin.operator.OperatorApi;
import dev.tollgate.admin.operator.OperatorAuthenticationFilter;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/admin/v1/models}: the models of the catalog, by id ({@code author/slug[:free]}). */
@Path("admin/v1/models")
@ApplicationScoped
@OperatorApi
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: models")
@SecurityRequirement(name = "operatorToken")
public class CatalogModelsResource {

    private static final Set<String> FIELDS =
            Set.of("id", "name", "description", "context_length", "input_modalities", "output_modalities", "enabled");

    @Inject
    CatalogService catalog;

    @GET
    @Operation(summary = "List models")
    public Map<String, List<CatalogViews.ModelView>> list() {
        return Map.of("data", catalog.models().stream().map(CatalogViews::of).toList());
    }

    @GET
    @Path("{id: .+}")
    @Operation(summary = "One model")
    public CatalogViews.ModelView get(@PathParam("id") String id) {
        return CatalogViews.of(catalog.model(id));
    }

    @POST
    @Operation(summary = "Add a model")
    public Response create(@Context ContainerRequestContext request, JsonObject json) {
        ModelDraft draft = draft(RequestBody.of(json).allowOnly(FIELDS), Optional.empty());
        return Response.status(Response.Status.CREATED)
                .entity(CatalogViews.of(catalog.createModel(OperatorAuthenticationFilter.actor(request), draft)))
                .build();
    }

    @PATCH
    @Path("{id: .+}")
    @Operation(summary = "Change a model: only the fields sent change")
    public CatalogViews.ModelView update(
            @Context ContainerRequestContext request, @PathParam("id") String id, JsonObject json) {
        RequestBody body = RequestBody.of(json).allowOnly(FIELDS);
        return CatalogViews.of(catalog.updateModel(
                OperatorAuthenticationFilter.actor(request), id, draft(body, Optional.of(catalog.model(id)))));
    }

    @DELETE
    @Path("{id: .+}")
    @Operation(summary = "Remove a model that no endpoint serves any more")
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") String id) {
        catalog.deleteModel(OperatorAuthenticationFilter.actor(request), id);
        return Response.noContent().build();
    }

    private static ModelDraft draft(RequestBody body, Optional<Model> current) {
        String id = current.isPresent()
                ? body.string("id").orElse(current.get().getId())
                : CatalogRules.modelId("id", body.requiredString("id"));
        String name = CatalogRules.text(
                "name",
                body.string("name").or(() -> current.map(Model::getName)).orElseGet(() -> body.requiredString("name")),
                200);
        String description = body.string("description")
                .or(() -> current.map(Model::getDescription))
                .orElse("");
        int contextLength = CatalogRules.positive(
                "context_length",
                body.integer("context_length")
                        .or(() -> current.map(Model::getContextLength))
                        .orElseThrow(
                                () -> new dev.tollgate.admin.InvalidFieldException("context_length", "is required")));
        List<String> input = CatalogRules.oneOf(
                "input_modalities",
                body.strings("input_modalities")
                        .or(() -> current.map(model -> List.of(model.getInputModalities())))
                        .orElse(List.of("text")),
                CatalogRules.MODALITIES);
        List<String> output = CatalogRules.oneOf(
                "output_modalities",
                body.strings("output_modalities")
                        .or(() -> current.map(model -> List.of(model.getOutputModalities())))
                        .orElse(List.of("text")),
                CatalogRules.MODALITIES);
        return new ModelDraft(
                id,
                name,
                CatalogRules.textOrEmpty("description", description, 4000),
                contextLength,
                input,
                output,
                body.bool("enabled").orElse(current.map(Model::isEnabled).orElse(true)));
    }
}
