package dev.tollgate.api.generation.control;

import dev.tollgate.routing.adapter.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One generation as its organisation sees it in the portal: what it pays (list price), never what the provider is owed
 * or the margin between the two.
 *
 * @param model the model that answered, else the one asked for
 * @param keyName the name of the key that made the call
 * @param app the app it came from: its {@code HTTP-Referer}, else its title (X-Title)
 * @param appTitle the app's title when it sent one
 * @param totalCost what the organisation pays, exact
 * @param latencyMillis from the request's arrival to the answer's start
 * @param generationMillis from the answer's start to its end
 * @param attempts every provider tried, in order
 */
public record ActivityEntry(
        String id,
        Instant createdAt,
        String model,
        Optional<String> provider,
        Optional<String> providerName,
        UUID keyId,
        String keyName,
        Optional<String> app,
        Optional<String> appTitle,
        TokenUsage usage,
        boolean usageEstimated,
        BigDecimal totalCost,
        long latencyMillis,
        long generationMillis,
        Optional<String> finishReason,
        boolean streamed,
        boolean cancelled,
        List<AttemptOutcome> attempts) {

    public ActivityEntry {
        attempts = List.copyOf(attempts);
    }

    /** Where this row sits in the newest-first order: the position the next page starts after. */
    public Position position() {
        return new Position(createdAt, id);
    }

    /** One try at one provider: its HTTP status (200 when it answered) and how long it took. */
    public record AttemptOutcome(String providerName, int status, long latencyMillis) {}

    /** A place in the newest-first order of generations: by time, then by id among those of the same instant. */
    public record Position(Instant createdAt, String id) {}
}
