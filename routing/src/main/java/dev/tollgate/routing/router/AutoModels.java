package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.AutoRouteEntry;
import dev.tollgate.routing.catalog.CostTier;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The auto model {@code openrouter/auto}: the operator's curated models, in the operator's order, narrowed by the
 * caller's {@code auto-router} plugin ({@code allowed_models} and {@code excluded_models} with {@code *} wildcards, and
 * a {@code cost_tier}). With a tier, that tier's models come first, then the cheaper tiers, closest first; dearer
 * tiers never. The router then treats the list as {@code models}: the first model whose endpoints can serve what the
 * request needs (tools, images, context length) answers, the others are its fallbacks.
 */
final class AutoModels {

    static final String ID = "openrouter/auto";

    /** The caller's {@code auto-router} plugin settings; none when it sent none. */
    record Options(List<String> allowed, List<String> excluded, Optional<CostTier> costTier) {

        static final Options NONE = new Options(List.of(), List.of(), Optional.empty());

        /** @throws InvalidPreferencesException when the plugin's fields have the wrong types */
        static Options of(JsonObject request) {
            if (!(request.get("plugins") instanceof JsonArray plugins)) {
                return NONE;
            }
            for (JsonValue plugin : plugins) {
                if (plugin instanceof JsonObject object
                        && object.get("id") instanceof JsonString id
                        && id.getString().equals("auto-router")) {
                    return new Options(
                            patterns(object, "allowed_models"), patterns(object, "excluded_models"), tier(object));
                }
            }
            return NONE;
        }

        private static List<String> patterns(JsonObject plugin, String field) {
            JsonValue value = plugin.get(field);
            if (value == null || value == JsonValue.NULL) {
                return List.of();
            }
            List<String> patterns = new ArrayList<>();
            if (value instanceof JsonArray array) {
                for (JsonValue entry : array) {
                    if (!(entry instanceof JsonString text)) {
                        throw invalid(field, "must be an array of model ids or patterns");
                    }
                    patterns.add(text.getString().strip());
                }
                return patterns;
            }
            throw invalid(field, "must be an array of model ids or patterns");
        }

        private static Optional<CostTier> tier(JsonObject plugin) {
            JsonValue value = plugin.get("cost_tier");
            if (value == null || value == JsonValue.NULL) {
                return Optional.empty();
            }
            String name = value instanceof JsonString text ? text.getString() : "";
            return Optional.of(CostTier.of(name)
                    .orElseThrow(() -> invalid("cost_tier", "must be low, medium, high, xhigh or max")));
        }

        private static InvalidPreferencesException invalid(String field, String problem) {
            return new InvalidPreferencesException("\"plugins[auto-router]." + field + "\" " + problem);
        }
    }

    private AutoModels() {}

    /** The curated models this request may use, in the order they are tried. */
    static List<String> candidates(List<AutoRouteEntry> curated, Options options) {
        List<AutoRouteEntry> kept = curated.stream()
                .filter(entry -> options.allowed().isEmpty() || matchesAny(options.allowed(), entry.modelId()))
                .filter(entry -> !matchesAny(options.excluded(), entry.modelId()))
                .filter(entry -> options.costTier()
                        .map(tier -> entry.costTier().compareTo(tier) <= 0)
                        .orElse(true))
                .toList();
        if (options.costTier().isEmpty()) {
            return kept.stream().map(AutoRouteEntry::modelId).toList();
        }
        // The asked tier first, then each cheaper tier; the operator's order within a tier (a stable sort).
        return kept.stream()
                .sorted(Comparator.comparing(AutoRouteEntry::costTier).reversed())
                .map(AutoRouteEntry::modelId)
                .toList();
    }

    private static boolean matchesAny(List<String> patterns, String modelId) {
        return patterns.stream().anyMatch(pattern -> matches(pattern, modelId));
    }

    static boolean matches(String pattern, String modelId) {
        if (!pattern.contains("*")) {
            return pattern.equals(modelId);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return modelId.matches(regex.toString());
    }
}
