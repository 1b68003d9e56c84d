package dev.tollgate.api.key.control;

import dev.tollgate.api.org.control.IssuedKey;
import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.db.cluster.ReplicaEvents;
import dev.tollgate.db.tenancy.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
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
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;

/**
 * Turns a bearer key into the {@link CallerKey} it stands for. Keys are looked up by the SHA-256 of the whole key and
 * kept in memory, so the hot path does not wait for the database; a change forgets the key at once on this replica
 * and, through {@link ReplicaEvents}, on every other one (milliseconds when clustered). Entries also expire after
 * {@link #FRESHNESS}, which bounds how long a replica that missed the message (cut off from the cluster) can go on
 * trusting a key. The organisation's data-collection setting and default ignored providers are remembered with each
 * key on the same terms: a change forgets all the organisation's keys ({@link #forgetOrganization}) everywhere.
 */
@ApplicationScoped
public class KeyAuthenticator {

    static final Duration FRESHNESS = Duration.ofSeconds(30);
    /** Carries the SHA-256 of a changed key (never the key), as stored in the database. */
    static final String KEY_CHANGED = "key.changed";
    /** Carries the id of an organisation whose settings changed. */
    static final String ORGANIZATION_CHANGED = "organization.changed";

    private static final String BEARER = "Bearer ";

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /**
     * Counts forgettings. A load that a forgetting overtook may have read the row from before the change; it is used
     * for its own call but not remembered, or it would outlive the message that was meant to drop it.
     */
    private final AtomicLong forgettings = new AtomicLong();

    private final Clock clock = Clock.systemUTC();

    @Inject
    SessionFactory sessions;

    // Alone until CDI injects the application's (tests that build this by hand have no peers).
    @Inject
    ReplicaEvents replicas = new ReplicaEvents();

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        replicas.subscribe(KEY_CHANGED, (origin, hash) -> forgetHere(hash));
        replicas.subscribe(ORGANIZATION_CHANGED, (origin, organization) -> forgetHere(UUID.fromString(organization)));
    }

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
            long before = forgettings.get();
            entry = load(hash, now);
            // Unknown keys are not remembered: guessing random keys must not fill memory.
            if (entry.keyId().isPresent() && forgettings.get() == before) {
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

    /** Drops what is remembered of a key, after it changed, here and on every other replica. */
    public void forget(String hash) {
        forgetHere(hash);
        replicas.publish(KEY_CHANGED, hash);
    }

    /**
     * Drops what is remembered of all an organisation's keys, after a setting of the organisation changed. The
     * setting is cached rather than read per call so that the hot path stays off the database; a full scan is fine
     * here, as such changes are rare and the map holds only keys in use.
     */
    public void forgetOrganization(UUID organizationId) {
        forgetHere(organizationId);
        replicas.publish(ORGANIZATION_CHANGED, organizationId.toString());
    }

    private void forgetHere(String hash) {
        forgettings.incrementAndGet();
        known.remove(hash);
    }

    private void forgetHere(UUID organizationId) {
        forgettings.incrementAndGet();
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
