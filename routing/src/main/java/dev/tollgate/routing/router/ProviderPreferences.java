package dev.tollgate.routing.router;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The caller's {@code provider} object, as OpenRouter defines it: which providers to prefer, allow or avoid, what
 * data policy and price are acceptable, and how to order what is left.
 *
 * @param maxPrice USD per <em>million</em> tokens (per request, per image) for {@code prompt}, {@code completion},
 *     {@code request}, {@code image}
 */
public record ProviderPreferences(
        List<String> order,
        boolean allowFallbacks,
        boolean requireParameters,
        boolean denyDataCollection,
        List<String> only,
        List<String> ignore,
        Set<String> quantizations,
        Optional<Sort> sort,
        Map<String, BigDecimal> maxPrice,
        Optional<BigDecimal> preferredMinThroughput,
        Optional<BigDecimal> preferredMaxLatency) {

    /** {@code provider.sort}. */
    public enum Sort {
        PRICE,
        THROUGHPUT,
        LATENCY
    }

    public static final ProviderPreferences NONE = new ProviderPreferences(
            List.of(),
            true,
            false,
            false,
            List.of(),
            List.of(),
            Set.of(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.empty());

    private static final Set<String> PRICES = Set.of("prompt", "completion", "request", "image");

    public ProviderPreferences {
        order = List.copyOf(order);
        only = List.copyOf(only);
        ignore = List.copyOf(ignore);
        quantizations = Set.copyOf(quantizations);
        maxPrice = Map.copyOf(maxPrice);
    }

    /**
     * Reads {@code provider}; absent or null is {@link #NONE}. Unknown fields are ignored, as OpenRouter does.
     *
     * @throws InvalidPreferencesException naming the field when a value has the wrong type
     */
    public static ProviderPreferences of(JsonValue provider) {
        if (provider == null || provider == JsonValue.NULL) {
            return NONE;
        }
        if (!(provider instanceof JsonObject object)) {
            throw new InvalidPreferencesException("\"provider\" must be an object");
        }
        String dataCollection = string(object, "data_collection").orElse("allow");
        if (!dataCollection.equals("allow") && !dataCollection.equals("deny")) {
            throw new InvalidPreferencesException("\"provider.data_collection\" must be \"allow\" or \"deny\"");
        }
        return new ProviderPreferences(
                slugs(object, "order"),
                bool(object, "allow_fallbacks").orElse(true),
                bool(object, "require_parameters").orElse(false),
                dataCollection.equals("deny") || bool(object, "zdr").orElse(false),
                slugs(object, "only"),
                slugs(object, "ignore"),
                Set.copyOf(slugs(object, "quantizations")),
                sort(object),
                maxPrice(object),
                threshold(object, "preferred_min_throughput"),
                threshold(object, "preferred_max_latency"));
    }

    /** These preferences with {@code data_collection: "deny"}: an organisation's privacy setting only tightens them. */
    public ProviderPreferences denyingDataCollection() {
        return denyDataCollection
                ? this
                : new ProviderPreferences(
                        order,
                        allowFallbacks,
                        requireParameters,
                        true,
                        only,
                        ignore,
                        quantizations,
                        sort,
                        maxPrice,
                        preferredMinThroughput,
                        preferredMaxLatency);
    }

    /**
     * These preferences with {@code extra} providers ignored as well: an organisation's default ignored providers
     * only add to the request's own {@code provider.ignore}, never replace it.
     */
    public ProviderPreferences ignoringAlso(List<String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        List<String> merged = new ArrayList<>(ignore);
        extra.stream()
                .map(slug -> slug.strip().toLowerCase(Locale.ROOT))
                .filter(slug -> !slug.isEmpty() && !merged.contains(slug))
                .forEach(merged::add);
        return new ProviderPreferences(
                order,
                allowFallbacks,
                requireParameters,
                denyDataCollection,
                only,
                merged,
                quantizations,
                sort,
                maxPrice,
                preferredMinThroughput,
                preferredMaxLatency);
    }

    /** Whether a provider slug is named by an entry: the same slug, or a bare slug naming all its variants. */
    public static boolean names(String entry, String providerSlug) {
        return providerSlug.equals(entry) || providerSlug.startsWith(entry + "/");
    }

    private static Optional<String> string(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString text) {
            return Optional.of(text.getString());
        }
        throw new InvalidPreferencesException("\"provider." + field + "\" must be a string");
    }

    private static Optional<Boolean> bool(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return Optional.of(value == JsonValue.TRUE);
        }
        throw new InvalidPreferencesException("\"provider." + field + "\" must be true or false");
    }

    private static List<String> slugs(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new InvalidPreferencesException("\"provider." + field + "\" must be an array of strings");
        }
        List<String> slugs = new ArrayList<>();
        for (JsonValue entry : array) {
            if (!(entry instanceof JsonString text) || text.getString().isBlank()) {
                throw new InvalidPreferencesException("\"provider." + field + "\" must be an array of strings");
            }
            slugs.add(text.getString().strip().toLowerCase(Locale.ROOT));
        }
        return slugs;
    }

    private static Optional<Sort> sort(JsonObject object) {
        JsonValue value = object.get("sort");
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        String by = value instanceof JsonObject sortObject
                ? string(sortObject, "by").orElse("")
                : value instanceof JsonString text ? text.getString() : "";
        return switch (by) {
            case "price" -> Optional.of(Sort.PRICE);
            case "throughput" -> Optional.of(Sort.THROUGHPUT);
            case "latency" -> Optional.of(Sort.LATENCY);
            default ->
                throw new InvalidPreferencesException(
                        "\"provider.sort\" must be \"price\", \"throughput\" or \"latency\"");
        };
    }

    private static Map<String, BigDecimal> maxPrice(JsonObject object) {
        JsonValue value = object.get("max_price");
        if (value == null || value == JsonValue.NULL) {
            return Map.of();
        }
        if (!(value instanceof JsonObject prices)) {
            throw new InvalidPreferencesException("\"provider.max_price\" must be an object");
        }
        java.util.HashMap<String, BigDecimal> limits = new java.util.HashMap<>();
        for (var price : prices.entrySet()) {
            if (!PRICES.contains(price.getKey())) {
                continue;
            }
            BigDecimal limit = switch (price.getValue().getValueType()) {
                case NUMBER -> ((JsonNumber) price.getValue()).bigDecimalValue();
                case STRING -> decimal(((JsonString) price.getValue()).getString(), price.getKey());
                default ->
                    throw new InvalidPreferencesException(
                            "\"provider.max_price." + price.getKey() + "\" must be a number (USD per million tokens)");
            };
            if (limit.signum() < 0) {
                throw new InvalidPreferencesException(
                        "\"provider.max_price." + price.getKey() + "\" cannot be negative");
            }
            limits.put(price.getKey(), limit);
        }
        return limits;
    }

    private static BigDecimal decimal(String text, String field) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidPreferencesException(
                    "\"provider.max_price." + field + "\" must be a number (USD per million tokens)");
        }
    }

    /** A number, or OpenRouter's percentile object of which the p50 is used. */
    private static Optional<BigDecimal> threshold(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonNumber number) {
            return Optional.of(number.bigDecimalValue());
        }
        if (value instanceof JsonObject percentiles && percentiles.get("p50") instanceof JsonNumber p50) {
            return Optional.of(p50.bigDecimalValue());
        }
        throw new InvalidPreferencesException("\"provider." + field + "\" must be a number or {\"p50\": number}");
    }
}
