package dev.tollgate.api.generation.boundary;

import dev.tollgate.api.generation.control.Generation;
import dev.tollgate.api.generation.control.GenerationLog;
import dev.tollgate.api.key.boundary.OrganizationKey;
import dev.tollgate.api.key.boundary.OrganizationKeyFilter;
import dev.tollgate.api.key.control.CallerKey;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.dispatch.Attempt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/generation?id=gen-…}: one of the organisation's calls, with every attempt made. Another
 * organisation's generation is as unknown as a made-up id: 404.
 */
@Path("v1/generation")
@ApplicationScoped
@OrganizationKey
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Generations")
public class GenerationResource {

    /** Generation ids are {@code gen-<unix seconds>-<letters and digits>}; this admits more, never anything else. */
    private static final Pattern GENERATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    @Inject
    GenerationLog generations;

    @GET
    @Operation(summary = "Cost, tokens, timings and attempts of one generation")
    public String find(@Context ContainerRequestContext request, @QueryParam("id") String id) {
        CallerKey caller = OrganizationKeyFilter.caller(request);
        if (id == null || id.isBlank()) {
            throw new BadRequestException("Query parameter \"id\" is required, e.g. ?id=gen-1700000000-abc");
        }
        if (!GENERATION_ID.matcher(id.strip()).matches()) {
            // No id this server issues (NUL bytes, quotes, 6,000 characters): unknown without asking the database.
            throw new NotFoundException("Generation not found");
        }
        Generation generation = generations
                .find(caller.organizationId(), id.strip())
                .orElseThrow(() -> new NotFoundException("Generation " + id.strip() + " not found"));
        return WireJson.write(WireJson.object().add("data", json(generation)).build());
    }

    private static JsonObjectBuilder json(Generation generation) {
        JsonArrayBuilder attempts = WireJson.array();
        for (Attempt attempt : generation.attempts()) {
            attempts.add(WireJson.object()
                    .add("provider", attempt.provider())
                    .add("provider_name", attempt.providerName())
                    .add("model", attempt.model())
                    .add("endpoint_id", attempt.endpointId().toString())
                    .add("status", attempt.status())
                    .add("error", WireJson.stringOrNull(attempt.error()))
                    .add("latency", attempt.latencyMillis()));
        }
        return WireJson.object()
                .add("id", generation.id())
                .add("created_at", generation.createdAt().toString())
                .add("requested_model", generation.requestedModel())
                .add("model", WireJson.stringOrNull(generation.model()))
                .add("provider_name", WireJson.stringOrNull(generation.providerName()))
                .add("provider", WireJson.stringOrNull(generation.provider()))
                .add("total_cost", WireJson.exact(generation.totalCost()))
                .add("usage", WireJson.exact(generation.totalCost()))
                .addNull("upstream_inference_cost")
                .addNull("cache_discount")
                .add("is_byok", false)
                .add("streamed", generation.streamed())
                .add("cancelled", generation.cancelled())
                .add("finish_reason", WireJson.stringOrNull(generation.finishReason()))
                .add("native_finish_reason", WireJson.stringOrNull(generation.nativeFinishReason()))
                .add("tokens_prompt", generation.usage().promptTokens())
                .add("tokens_completion", generation.usage().completionTokens())
                .add("native_tokens_prompt", generation.usage().promptTokens())
                .add("native_tokens_completion", generation.usage().completionTokens())
                .add("native_tokens_reasoning", generation.usage().reasoningTokens())
                .add("native_tokens_cached", generation.usage().cachedPromptTokens())
                .add("usage_estimated", generation.usageEstimated())
                .add("latency", generation.latencyMillis())
                .add("generation_time", generation.generationMillis())
                .add("http_referer", WireJson.stringOrNull(generation.httpReferer()))
                .add("app_title", WireJson.stringOrNull(generation.appTitle()))
                .add("provider_responses", attempts)
                .add(
                        "routing",
                        WireJson.object()
                                .add("candidates", WireJson.strings(generation.candidates()))
                                .add("excluded", WireJson.strings(generation.excluded())));
    }
}
