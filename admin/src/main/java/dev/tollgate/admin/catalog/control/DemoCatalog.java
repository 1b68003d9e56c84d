package dev.tollgate.admin.catalog.control;

import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.routing.catalog.AutoRouteEntry;
import dev.tollgate.routing.catalog.CostTier;
import dev.tollgate.routing.catalog.Protocol;
import dev.tollgate.routing.catalog.TokenPrices;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The demo catalog of a new installation: three simulated providers serving the same models at different prices, and
 * a free model, and a list for {@code openrouter/auto}, so that the API can be called right after start-up. Simulated providers answer from inside Tollgate;
 * nothing leaves the machine.
 */
final class DemoCatalog {

    private static final List<String> CHAT_PARAMETERS =
            List.of("temperature", "top_p", "max_tokens", "stop", "seed", "tools", "tool_choice", "response_format");

    private DemoCatalog() {}

    static void seed(CatalogService catalog) {
        provider(catalog, "sim-alpha", "Simulator Alpha", false, false);
        provider(catalog, "sim-beta", "Simulator Beta", false, true);
        provider(catalog, "sim-gamma", "Simulator Gamma", true, true);

        model(catalog, "meta-llama/llama-3.1-8b-instruct", "Llama 3.1 8B Instruct (simulated)", 131_072);
        model(catalog, "openai/gpt-4o-mini", "GPT-4o mini (simulated)", 128_000);
        model(catalog, "mistralai/mistral-7b-instruct:free", "Mistral 7B Instruct, free (simulated)", 32_768);

        endpoint(catalog, "meta-llama/llama-3.1-8b-instruct", "sim-alpha", "0.00000002", "0.00000005", "fp8");
        endpoint(catalog, "meta-llama/llama-3.1-8b-instruct", "sim-beta", "0.000000025", "0.00000004", "bf16");
        endpoint(catalog, "meta-llama/llama-3.1-8b-instruct", "sim-gamma", "0.00000003", "0.00000006", "fp16");
        endpoint(catalog, "openai/gpt-4o-mini", "sim-alpha", "0.00000015", "0.0000006", "unknown");
        endpoint(catalog, "openai/gpt-4o-mini", "sim-beta", "0.00000014", "0.00000065", "unknown");
        endpoint(catalog, "mistralai/mistral-7b-instruct:free", "sim-gamma", "0", "0", "int8");

        // openrouter/auto chooses between the paid models: the small Llama for easy prompts, GPT-4o mini above it.
        // The free model stays off the list, as free variants are asked for by name.
        catalog.replaceAutoRoute(
                Actor.system(),
                List.of(
                        new AutoRouteEntry("meta-llama/llama-3.1-8b-instruct", CostTier.LOW),
                        new AutoRouteEntry("openai/gpt-4o-mini", CostTier.MEDIUM)));
    }

    private static void provider(CatalogService catalog, String slug, String name, boolean trains, boolean retains) {
        catalog.createProvider(
                Actor.system(),
                new ProviderDraft(
                        slug,
                        name,
                        Protocol.SIMULATOR,
                        URI.create("simulator://" + slug),
                        trains,
                        retains,
                        Optional.empty(),
                        true),
                Optional.empty());
    }

    private static void model(CatalogService catalog, String id, String name, int contextLength) {
        catalog.createModel(
                Actor.system(),
                new ModelDraft(
                        id,
                        name,
                        "A simulated model of the demo catalog: it answers locally, with made-up text.",
                        contextLength,
                        List.of("text"),
                        List.of("text"),
                        true));
    }

    private static void endpoint(
            CatalogService catalog,
            String model,
            String provider,
            String prompt,
            String completion,
            String quantization) {
        catalog.createEndpoint(
                Actor.system(),
                new EndpointDraft(
                        model,
                        provider,
                        model.replace(":free", ""),
                        new TokenPrices(new BigDecimal(prompt), new BigDecimal(completion), null, null),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(4096),
                        CHAT_PARAMETERS,
                        Optional.of(quantization),
                        Optional.empty(),
                        true));
    }
}
