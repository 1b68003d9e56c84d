package dev.tollgate.web.settings;

import dev.tollgate.routing.catalog.CatalogProvider;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The providers an organisation may ignore: every provider serving some model of the catalog, by slug, plus any it
 * ignores already that left the catalog (so it can still take them off its list).
 */
record ProviderChoices(Map<String, String> names) {

    static ProviderChoices of(CatalogSnapshot catalog, Collection<String> ignored) {
        Map<String, String> names = new TreeMap<>();
        catalog.models().stream()
                .flatMap(model -> catalog.endpoints(model.id()).stream())
                .map(endpoint -> endpoint.provider())
                .forEach(provider -> names.putIfAbsent(provider.slug(), label(provider)));
        ignored.forEach(slug -> names.putIfAbsent(slug, slug + " (not in the catalog now)"));
        return new ProviderChoices(names);
    }

    private static String label(CatalogProvider provider) {
        return provider.name().equals(provider.slug())
                ? provider.slug()
                : provider.name() + " (" + provider.slug() + ")";
    }

    List<String> slugs() {
        return List.copyOf(names.keySet());
    }

    String label(String slug) {
        return names.getOrDefault(slug, slug);
    }
}
