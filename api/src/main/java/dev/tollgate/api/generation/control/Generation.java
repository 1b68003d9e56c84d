package dev.tollgate.api.generation.control;

import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.dispatch.Attempt;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What is kept of one call: never the prompt or the answer, only who, what, how much and how it went.
 *
 * @param model the model that answered (empty when nothing did)
 * @param usageEstimated whether the provider reported no usage and the tokens were counted from the text
 * @param totalCost what the organisation pays, at list price, exact
 * @param upstreamCost what the provider is owed, at cost price, exact
 * @param latencyMillis from the request's arrival to the answer's start
 * @param generationMillis from the answer's start to its end
 * @param candidates the endpoints the router planned, in order, as {@code model@provider}
 * @param excluded the endpoints it left out, with the rule and reason
 */
public record Generation(
        String id,
        UUID organizationId,
        UUID keyId,
        String requestedModel,
        Optional<String> model,
        Optional<String> provider,
        Optional<String> providerName,
        Optional<UUID> endpointId,
        boolean streamed,
        boolean cancelled,
        Optional<String> finishReason,
        Optional<String> nativeFinishReason,
        TokenUsage usage,
        boolean usageEstimated,
        BigDecimal totalCost,
        BigDecimal upstreamCost,
        long latencyMillis,
        long generationMillis,
        Optional<String> httpReferer,
        Optional<String> appTitle,
        List<Attempt> attempts,
        List<String> candidates,
        List<String> excluded,
        Instant createdAt) {

    public Generation {
        attempts = List.copyOf(attempts);
        candidates = List.copyOf(candidates);
        excluded = List.copyOf(excluded);
    }
}
