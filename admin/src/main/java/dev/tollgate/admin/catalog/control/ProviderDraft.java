package dev.tollgate.admin.catalog.control;

import dev.tollgate.routing.catalog.Protocol;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;

/** A provider as the operator describes it, validated field by field before it reaches the catalog. */
public record ProviderDraft(
        String slug,
        String name,
        Protocol protocol,
        URI baseUrl,
        boolean trainsOnPrompts,
        boolean retainsPrompts,
        Optional<BigDecimal> margin,
        boolean enabled) {}
