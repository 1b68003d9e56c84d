package dev.tollgate.routing.catalog;

import java.net.URI;
import java.util.Optional;

/**
 * A provider as routing needs it: where to send calls, in which protocol, with which credential, and its data
 * policy (for {@code data_collection: "deny"}). The credential is decrypted in memory only and never printed.
 */
public record CatalogProvider(
        String slug,
        String name,
        Protocol protocol,
        URI baseUrl,
        Optional<String> apiKey,
        boolean trainsOnPrompts,
        boolean retainsPrompts) {

    @Override
    public String toString() {
        return "CatalogProvider[" + slug + ", " + protocol.wireName() + ", " + baseUrl + "]";
    }
}
