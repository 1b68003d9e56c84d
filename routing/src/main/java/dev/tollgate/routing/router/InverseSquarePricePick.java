package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.math.BigDecimal;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * OpenRouter's load balancing: one endpoint at random, each weighted by the inverse square of its price, so a $1
 * provider is picked nine times as often as a $3 one. Free endpoints (price zero) share the pick among themselves.
 */
final class InverseSquarePricePick {

    private InverseSquarePricePick() {}

    static RoutableEndpoint pick(List<RoutableEndpoint> endpoints, RandomGenerator random) {
        List<RoutableEndpoint> free = endpoints.stream()
                .filter(endpoint -> Router.price(endpoint).signum() == 0)
                .toList();
        if (!free.isEmpty()) {
            return free.get(random.nextInt(free.size()));
        }
        double[] weights = new double[endpoints.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            // A weight, not money: a double is fine here, and prices per million keep it well inside its range.
            double price = Router.price(endpoints.get(i))
                    .multiply(BigDecimal.valueOf(1_000_000))
                    .doubleValue();
            weights[i] = 1 / (price * price);
            total += weights[i];
        }
        double point = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            point -= weights[i];
            if (point < 0) {
                return endpoints.get(i);
            }
        }
        return endpoints.get(weights.length - 1);
    }
}
