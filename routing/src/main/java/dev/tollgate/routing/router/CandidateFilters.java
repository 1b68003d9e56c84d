package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.health.EndpointStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Every filter in turn: the endpoints a call may use, and for each one excluded, the first rule that excluded it. */
public final class CandidateFilters {

    /** The endpoints kept, in their order, and the excluded ones with why. */
    public record Candidates(List<RoutableEndpoint> kept, Map<RoutableEndpoint, Exclusion> excluded) {}

    private static final List<CandidateFilter> ALL = List.of(
            new ImageInputFilter(),
            new ToolUseFilter(),
            new ResponseFormatFilter(),
            new MaxTokensFilter(),
            new ContextLengthFilter(),
            new ProviderOnlyFilter(),
            new ProviderIgnoreFilter(),
            new QuantizationFilter(),
            new DataCollectionFilter(),
            new MaxPriceFilter(),
            new RequireParametersFilter());

    private CandidateFilters() {}

    /** The request's filters only, for an endpoint whose health is not in question. */
    public static Candidates apply(
            List<RoutableEndpoint> endpoints, CatalogModel model, CallNeeds needs, ProviderPreferences preferences) {
        return apply(endpoints, model, needs, preferences, endpoint -> EndpointStatus.UNMEASURED);
    }

    /** The request's filters, then endpoint health (last: a request no endpoint could serve says so, not "unhealthy"). */
    public static Candidates apply(
            List<RoutableEndpoint> endpoints,
            CatalogModel model,
            CallNeeds needs,
            ProviderPreferences preferences,
            Function<RoutableEndpoint, EndpointStatus> health) {
        List<RoutableEndpoint> kept = new ArrayList<>();
        Map<RoutableEndpoint, Exclusion> excluded = new LinkedHashMap<>();
        for (RoutableEndpoint endpoint : endpoints) {
            Optional<Exclusion> exclusion = Optional.empty();
            for (CandidateFilter filter : ALL) {
                exclusion = filter.exclude(endpoint, model, needs, preferences);
                if (exclusion.isPresent()) {
                    break;
                }
            }
            if (exclusion.isEmpty()) {
                exclusion = HealthFilter.exclude(health.apply(endpoint));
            }
            if (exclusion.isPresent()) {
                excluded.put(endpoint, exclusion.get());
            } else {
                kept.add(endpoint);
            }
        }
        return new Candidates(List.copyOf(kept), excluded);
    }
}
