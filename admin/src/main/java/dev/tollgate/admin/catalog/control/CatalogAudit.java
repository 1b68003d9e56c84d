package dev.tollgate.admin.catalog.control;

import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.admin.audit.entity.AuditValues;
import dev.tollgate.admin.catalog.entity.Endpoint;
import dev.tollgate.admin.catalog.entity.Model;
import dev.tollgate.admin.catalog.entity.Provider;
import dev.tollgate.routing.catalog.AutoRouteEntry;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * What the audit log keeps of a catalog change: the fields an operator would compare, before and after, under the
 * names the operator API uses. A provider's credential is only ever present or not.
 */
final class CatalogAudit {

    private CatalogAudit() {}

    static void record(
            Session session,
            Actor actor,
            String action,
            String target,
            Optional<JsonObject> before,
            Optional<JsonObject> after) {
        AuditTrail.record(session, AuditEntry.of(actor, Optional.empty(), action, target, before, after));
    }

    static AuditValues of(Provider provider) {
        return AuditValues.of()
                .with("id", provider.getId())
                .with("slug", provider.getSlug())
                .with("name", provider.getName())
                .with("protocol", provider.getProtocol())
                .with("base_url", provider.getBaseUrl())
                .with("has_api_key", provider.getApiKeyCiphertext() != null)
                .with("training", provider.isTrainsOnPrompts())
                .with("retains_prompts", provider.isRetainsPrompts())
                .with("margin", provider.getMargin())
                .with("enabled", provider.isEnabled());
    }

    static AuditValues of(Model model) {
        return AuditValues.of()
                .with("id", model.getId())
                .with("name", model.getName())
                .with("description", model.getDescription())
                .with("context_length", model.getContextLength())
                .with("input_modalities", model.getInputModalities())
                .with("output_modalities", model.getOutputModalities())
                .with("enabled", model.isEnabled());
    }

    static AuditValues of(Endpoint endpoint) {
        return AuditValues.of()
                .with("id", endpoint.getId())
                .with("model", endpoint.getModel().getId())
                .with("provider", endpoint.getProvider().getSlug())
                .with("upstream_model", endpoint.getUpstreamModel())
                .with("cost_prompt", endpoint.getPromptCost())
                .with("cost_completion", endpoint.getCompletionCost())
                .with("cost_request", endpoint.getRequestCost())
                .with("cost_image", endpoint.getImageCost())
                .with("margin", endpoint.getMargin())
                .with("context_length", endpoint.getContextLength())
                .with("max_completion_tokens", endpoint.getMaxCompletionTokens())
                .with("supported_parameters", endpoint.getSupportedParameters())
                .with("quantization", endpoint.getQuantization())
                .with("max_concurrency", endpoint.getMaxConcurrency())
                .with("enabled", endpoint.isEnabled());
    }

    /** How the log names an endpoint: by what it serves, which outlives its id in a reader's memory. */
    static String target(Endpoint endpoint) {
        return "endpoint " + endpoint.getModel().getId() + " at "
                + endpoint.getProvider().getSlug();
    }

    static AuditValues ofMargin(BigDecimal margin) {
        return AuditValues.of().with("default_margin", margin);
    }

    static AuditValues ofAutoRoute(List<AutoRouteEntry> entries) {
        return AuditValues.of()
                .with(
                        "models",
                        entries.stream()
                                .map(entry -> entry.modelId() + " ("
                                        + entry.costTier().wireName() + ")")
                                .toList());
    }
}
