package dev.tollgate.admin.catalog.control;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.routing.catalog.AutoRouteEntry;
import dev.tollgate.routing.catalog.CostTier;
import dev.tollgate.routing.catalog.MarginPolicy;
import dev.tollgate.routing.catalog.Protocol;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a valid catalog entry is. Pure functions; each refusal names the field. The same rules hold in the database
 * as CHECK constraints, as a last line.
 */
public final class CatalogRules {

    public static final Pattern PROVIDER_SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*(:free)?");
    public static final Set<String> MODALITIES = Set.of("text", "image", "audio", "file", "video");
    public static final Set<String> QUANTIZATIONS =
            Set.of("int4", "int8", "fp4", "fp6", "fp8", "fp16", "bf16", "fp32", "unknown");
    /** OpenRouter's request parameters that an endpoint may declare it supports. */
    public static final Set<String> PARAMETERS = Set.of(
            "temperature",
            "top_p",
            "top_k",
            "min_p",
            "top_a",
            "frequency_penalty",
            "presence_penalty",
            "repetition_penalty",
            "seed",
            "max_tokens",
            "logit_bias",
            "logprobs",
            "top_logprobs",
            "response_format",
            "structured_outputs",
            "stop",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "include_reasoning",
            "reasoning",
            "web_search_options",
            "verbosity");
    /** A dollar per token is a million dollars per million tokens: anything dearer is a typing error. */
    public static final BigDecimal MAXIMUM_PRICE_PER_TOKEN = BigDecimal.ONE;
    /** Prices are kept to 18 decimal places (numeric(30,18)); finer would be silently rounded. */
    public static final int PRICE_SCALE = 18;

    private CatalogRules() {}

    public static String providerSlug(String field, String slug) {
        if (!PROVIDER_SLUG.matcher(slug).matches()) {
            throw new InvalidFieldException(
                    field, "must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return slug;
    }

    public static String modelId(String field, String id) {
        if (!MODEL_ID.matcher(id).matches()) {
            throw new InvalidFieldException(field, "must be 'author/slug' in lower case, optionally ending in ':free'");
        }
        return id;
    }

    public static Protocol protocol(String field, String name) {
        return Protocol.fromWireName(name)
                .orElseThrow(
                        () -> new InvalidFieldException(field, "must be one of openai, anthropic, gemini, simulator"));
    }

    /** An absolute http(s) URL; a simulator provider may also name itself {@code simulator://name}. */
    public static URI baseUrl(String field, String url, Protocol protocol) {
        try {
            URI uri = new URI(url);
            boolean web = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
            boolean simulated = protocol == Protocol.SIMULATOR && "simulator".equals(uri.getScheme());
            if (web || simulated) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Said below.
        }
        throw new InvalidFieldException(
                field, "must be an absolute http or https URL, such as https://api.example.com/v1");
    }

    public static BigDecimal price(String field, BigDecimal price) {
        if (price.signum() < 0) {
            throw new InvalidFieldException(field, "must not be negative");
        }
        if (price.compareTo(MAXIMUM_PRICE_PER_TOKEN) > 0) {
            throw new InvalidFieldException(field, "is USD per token and must be at most 1");
        }
        if (price.stripTrailingZeros().scale() > PRICE_SCALE) {
            throw new InvalidFieldException(field, "has more than " + PRICE_SCALE + " decimal places");
        }
        return price;
    }

    public static BigDecimal margin(String field, BigDecimal margin) {
        if (!MarginPolicy.isSane(margin)) {
            throw new InvalidFieldException(field, "must be a fraction from 0 to 10 (0.05 is 5 %)");
        }
        if (margin.stripTrailingZeros().scale() > 6) {
            throw new InvalidFieldException(field, "has more than 6 decimal places");
        }
        return margin;
    }

    public static int positive(String field, int value) {
        if (value <= 0) {
            throw new InvalidFieldException(field, "must be greater than 0");
        }
        return value;
    }

    public static List<String> oneOf(String field, List<String> values, Set<String> allowed) {
        for (String value : values) {
            if (!allowed.contains(value)) {
                throw new InvalidFieldException(
                        field,
                        "'" + value + "' is not one of "
                                + allowed.stream().sorted().toList());
            }
        }
        return values.stream().distinct().toList();
    }

    public static Optional<String> quantization(String field, Optional<String> quantization) {
        quantization.ifPresent(value -> oneOf(field, List.of(value), QUANTIZATIONS));
        return quantization;
    }

    public static CostTier costTier(String field, String tier) {
        return CostTier.of(tier)
                .orElseThrow(() -> new InvalidFieldException(
                        field,
                        "must be one of "
                                + String.join(
                                        ", ",
                                        Arrays.stream(CostTier.values())
                                                .map(CostTier::wireName)
                                                .toList())));
    }

    /**
     * The auto router's list names each model once: a second entry would make its tier ambiguous.
     *
     * @param field the list's name; a refusal names the entry, {@code field[i].model}
     */
    public static List<AutoRouteEntry> autoRoute(String field, List<AutoRouteEntry> entries) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String model = entries.get(i).modelId();
            if (!seen.add(model)) {
                throw new InvalidFieldException(field + "[" + i + "].model", "'" + model + "' is listed twice");
            }
        }
        return List.copyOf(entries);
    }

    public static String text(String field, String value, int maximumLength) {
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "must not be empty");
        }
        if (value.length() > maximumLength) {
            throw new InvalidFieldException(field, "must be at most " + maximumLength + " characters");
        }
        return value;
    }

    public static String textOrEmpty(String field, String value, int maximumLength) {
        if (value.length() > maximumLength) {
            throw new InvalidFieldException(field, "must be at most " + maximumLength + " characters");
        }
        return value;
    }
}
