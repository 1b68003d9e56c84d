package dev.tollgate.api.key.control;

import java.util.UUID;

/**
 * The key a request authenticated with: whose organisation it acts for, and whether it is a management key.
 *
 * @param denyDataCollection the organisation's setting: none of its calls may go to a provider that trains on or
 *     retains prompts
 */
public record CallerKey(UUID keyId, UUID organizationId, String hash, boolean management, boolean denyDataCollection) {}
