package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.catalog.TokenPrices;
import java.math.BigDecimal;
import java.util.Optional;

/** {@code provider.max_price}: prompt and completion in USD per million tokens, request and image in USD each. */
public final class MaxPriceFilter implements CandidateFilter {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    @Override
    public Optional<Exclusion> exclude(
            RoutableEndpoint endpoint, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        TokenPrices list = endpoint.listPrice();
        return over(preferences, "prompt", list.prompt().multiply(MILLION))
                .or(() -> over(preferences, "completion", list.completion().multiply(MILLION)))
                .or(() -> over(preferences, "request", list.request()))
                .or(() -> over(preferences, "image", list.image()));
    }

    private static Optional<Exclusion> over(ProviderPreferences preferences, String price, BigDecimal listed) {
        BigDecimal limit = preferences.maxPrice().get(price);
        if (limit != null && listed.compareTo(limit) > 0) {
            return Optional.of(new Exclusion(
                    "provider.max_price",
                    price + " costs " + listed.stripTrailingZeros().toPlainString() + ", above "
                            + limit.toPlainString()));
        }
        return Optional.empty();
    }
}
