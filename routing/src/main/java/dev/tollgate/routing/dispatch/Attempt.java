package dev.tollgate.routing.dispatch;

import java.util.Optional;
import java.util.UUID;

/**
 * One try at one endpoint, as {@code /generation} reports it ({@code provider_responses}).
 *
 * @param status the provider's HTTP status; 200 for the attempt that answered, 0 when it never answered
 * @param error why it failed, when it did
 * @param latencyMillis from sending to the answer's start (or the failure)
 */
public record Attempt(
        UUID endpointId,
        String model,
        String provider,
        String providerName,
        int status,
        Optional<String> error,
        long latencyMillis) {}
