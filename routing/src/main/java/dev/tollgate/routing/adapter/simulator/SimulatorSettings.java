package dev.tollgate.routing.adapter.simulator;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * How a simulated provider behaves, read from its base URL's query. Unknown or unreadable values fall back to the
 * defaults: a demo provider must answer, not fail on a typo.
 *
 * @param latencyMillis time to the first byte
 * @param tokensPerSecond pace of a stream (0 = as fast as possible)
 * @param failureRate share of calls failing with a 503, 0–1
 * @param words length of an answer, in words (each one token)
 */
record SimulatorSettings(long latencyMillis, double tokensPerSecond, double failureRate, int words) {

    static final SimulatorSettings DEFAULT = new SimulatorSettings(150, 80, 0, 24);

    static SimulatorSettings of(URI baseUrl) {
        Map<String, String> query = new HashMap<>();
        String raw = baseUrl.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(
                            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return new SimulatorSettings(
                (long) number(query, "latency_ms", DEFAULT.latencyMillis, 0, 600_000),
                number(query, "tokens_per_second", DEFAULT.tokensPerSecond, 0, 1_000_000),
                number(query, "failure_rate", DEFAULT.failureRate, 0, 1),
                (int) number(query, "words", DEFAULT.words, 1, 100_000));
    }

    private static double number(Map<String, String> query, String name, double fallback, double min, double max) {
        try {
            double value = Double.parseDouble(query.getOrDefault(name, ""));
            return value >= min && value <= max ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
