package dev.tollgate.billing.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a free-model request may go ahead, with what the rate-limit headers say about it.
 *
 * <p>Admitted: {@code window}, {@code limit}, {@code remaining} and {@code reset} describe the tightest window (the
 * one with the fewest requests left; the day on a tie, since it resets later), so that the caller may send the headers
 * on success too. Refused: {@code window} is the one that is used up, {@code remaining} is 0, and {@code refusal} is
 * the 429 message in OpenRouter's words.
 *
 * @param reset when {@code window} starts counting from zero again
 * @param retryAfterSeconds for {@code Retry-After}: whole seconds until {@code reset}, at least 1; 0 when admitted
 * @param refusal the message of the 429; empty when admitted
 */
public record FreeQuotaDecision(
        FreeQuotaWindow window,
        int limit,
        int remaining,
        Instant reset,
        long retryAfterSeconds,
        Optional<String> refusal) {

    static FreeQuotaDecision admitted(FreeQuotaWindow window, int limit, int remaining, Instant now) {
        return new FreeQuotaDecision(window, limit, remaining, window.reset(now), 0, Optional.empty());
    }

    static FreeQuotaDecision refused(FreeQuotaWindow window, int limit, Instant now, String message) {
        Instant reset = window.reset(now);
        long millis = Duration.between(now, reset).toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        return new FreeQuotaDecision(window, limit, 0, reset, seconds, Optional.of(message));
    }

    public boolean admitted() {
        return refusal.isEmpty();
    }

    /**
     * {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset} (epoch milliseconds, as
     * OpenRouter sends it) and, when refused, {@code Retry-After} (seconds), in that order.
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(limit));
        headers.put("X-RateLimit-Remaining", Integer.toString(remaining));
        headers.put("X-RateLimit-Reset", Long.toString(reset.toEpochMilli()));
        if (!admitted()) {
            headers.put("Retry-After", Long.toString(retryAfterSeconds));
        }
        return headers;
    }
}
