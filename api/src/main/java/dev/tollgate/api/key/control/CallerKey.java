package dev.tollgate.api.key.control;

import java.util.UUID;

/** The key a request authenticated with: whose organisation it acts for, and whether it is a management key. */
public record CallerKey(UUID keyId, UUID organizationId, String hash, boolean management) {}
