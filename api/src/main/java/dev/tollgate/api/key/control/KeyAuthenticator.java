package dev.tollgate.api.key.control;

import dev.tollgate.api.org.control.IssuedKey;
import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.db.tenancy.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.SessionFactory;

/**
 * Turns a bearer key into the {@link CallerKey} it stands for. Keys are looked up by the SHA-256 of the whole key and
 * kept in memory, so the hot path does not wait for the database; a change made through this replica forgets the
 * key at once, and entries expire after {@link #FRESHNESS} so that changes made elsewhere arrive soon too. The
 * organisation's data-collection setting and default ignored providers are remembered with each key on the same terms: a change forgets all the
 * organisation's keys here ({@link #forgetOrganization}), and reaches other replicas within {@link #FRESHNESS}.
 */
@ApplicationScoped
public class KeyAuthenticator {

    static final Duration FRESHNESS = Duration.ofSeconds(30);
    private static final String BEARER = "Bearer ";

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    @Inject
    SessionFactory sessions;

    /** What is remembered of a key: enough to decide, nothing secret. */
    private record Known(
            Optional<UUID> keyId,
            UUID organizationId,
            boolean management,
            boolean denyDataCollection,
            List<String> ignoredProviders,
            boolean usable,
            boolean disabled,
            Optional<Instant> expiresAt,
            Optional<BigDecimal> limit,
            Optional<LimitReset> limitReset,
            Instant loadedAt) {}

    /**
     * @param authorization the {@code Authorization} header, if any
     * @throws KeyRefusedException 401 when the key is missing, unknown, disabled, deleted or expired
     */
    public CallerKey authenticate(Optional<String> authorization) {
        String key = authorization
                .filter(header -> header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(header -> header.substring(BEARER.length()).strip())
                .filter(value -> !value.isEmpty())
                .orElseThrow(() -> KeyRefusedException.unauthenticated(
                        "No auth credentials found: send Authorization: Bearer <API key>"));
        String hash = IssuedKey.hash(key);
        Instant now = clock.instant();
        Known entry = known.get(hash);
        if (entry == null || !entry.loadedAt().plus(FRESHNESS).isAfter(now)) {
            entry = load(hash, now);
            // Unknown keys are not remembered: guessing random keys must not fill memory.
            if (entry.keyId().isPresent()) {
                known.put(hash, entry);
            } else {
                known.remove(hash);
            }
        }
        if (entry.keyId().isEmpty()) {
            throw KeyRefusedException.unauthenticated("Invalid API key");
        }
        if (entry.disabled()) {
            throw KeyRefusedException.unauthenticated("This API key is disabled");
        }
        if (entry.expiresAt().filter(expiry -> !expiry.isAfter(now)).isPresent()) {
            throw KeyRefusedException.unauthenticated("This API key has expired");
        }
        if (!entry.usable()) {
            throw KeyRefusedException.unauthenticated("Invalid API key");
        }
        return new CallerKey(
                entry.keyId().get(),
                entry.organizationId(),
                hash,
                entry.management(),
                entry.denyDataCollection(),
                entry.ignoredProviders(),
                entry.limit(),
                entry.limitReset());
    }

    /** Drops what is remembered of a key, after it changed. */
    public void forget(String hash) {
        known.remove(hash);
    }

    /**
     * Drops what is remembered of all an organisation's keys, after a setting of the organisation changed. The
     * setting is cached rather than read per call so that the hot path stays off the database; a full scan is fine
     * here, as such changes are rare and the map holds only keys in use.
     */
    public void forgetOrganization(UUID organizationId) {
        known.values().removeIf(entry -> organizationId.equals(entry.organizationId()));
    }

    private Known load(String hash, Instant now) {
        // A key is looked for among every organisation's: the caller's organisation is what this finds out. On the hot
        // path the scope is the platform's already, so this costs nothing there.
        Optional<ApiKey> key = TenantScope.platform()
                .call(() -> sessions.fromTransaction(session -> session.createSelectionQuery(
                                "from ApiKey k join fetch k.organization where k.hash = :hash", ApiKey.class)
                        .setParameter("hash", hash)
                        .uniqueResultOptional()));
        return key.map(found -> new Known(
                        Optional.of(found.getId()),
                        found.getOrganization().getId(),
                        found.isManagement(),
                        found.getOrganization().isDenyDataCollection(),
                        found.getOrganization().getIgnoredProviders(),
                        found.getDeletedAt() == null,
                        found.isDisabled(),
                        Optional.ofNullable(found.getExpiresAt()),
                        Optional.ofNullable(found.getLimitUsd()),
                        Optional.ofNullable(found.getLimitReset()).flatMap(LimitReset::fromWireName),
                        now))
                .orElseGet(() -> new Known(
                        Optional.empty(),
                        null,
                        false,
                        false,
                        List.of(),
                        false,
                        false,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        now));
    }
}
