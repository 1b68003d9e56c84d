package dev.tollgate.api.key.control;

import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.api.org.control.IssuedKey;
import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.api.org.entity.Organization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * An organisation's inference keys. Every query is scoped by the caller's organisation: a key of another
 * organisation is "not found", never shown. Management keys are not managed here (they are made with the
 * organisation); deleted keys stay in the table for the history that refers to them, but are gone for everyone. Each
 * change is in the audit log, written in the change's transaction.
 */
@ApplicationScoped
public class KeyService {

    /** The SHA-256 of a key in lowercase hexadecimal, as {@code IssuedKey.hash} writes it. */
    private static final Pattern KEY_HASH = Pattern.compile("[0-9a-f]{64}");

    /** OpenRouter pages key lists by 100. */
    public static final int PAGE = 100;

    private final Clock clock = Clock.systemUTC();

    @Inject
    SessionFactory sessions;

    @Inject
    KeyAuthenticator authenticator;

    /** A key just made, in clear this once, with its stored record. */
    public record NewKey(ApiKey record, IssuedKey key) {}

    public List<ApiKey> list(UUID organizationId, boolean includeDisabled, int offset) {
        return sessions.fromTransaction(session -> session.createSelectionQuery(
                        "from ApiKey where organization.id = :org and not management and deletedAt is null"
                                + (includeDisabled ? "" : " and not disabled")
                                + " order by createdAt, id",
                        ApiKey.class)
                .setParameter("org", organizationId)
                .setFirstResult(Math.max(0, offset))
                .setMaxResults(PAGE)
                .getResultList());
    }

    public ApiKey find(UUID organizationId, String hash) {
        return sessions.fromTransaction(session -> find(session, organizationId, hash));
    }

    /** The key a request came with, management key or not: any key may read itself. */
    public ApiKey own(CallerKey caller) {
        return sessions.fromTransaction(session -> session.createSelectionQuery(
                        "from ApiKey where id = :id and organization.id = :org and deletedAt is null", ApiKey.class)
                .setParameter("id", caller.keyId())
                .setParameter("org", caller.organizationId())
                .uniqueResultOptional()
                .orElseThrow(() -> new KeyRefusedException(401, "Invalid API key")));
    }

    /** A key made with a management key: it acts for the organisation, so no account is its maker. */
    public NewKey create(Actor actor, UUID organizationId, KeyDraft draft) {
        return create(actor, organizationId, Optional.empty(), draft);
    }

    /**
     * @param actor who makes it, for the audit log
     * @param madeBy the account that makes the key in the portal; members see and manage only the keys they made
     */
    public NewKey create(Actor actor, UUID organizationId, Optional<UUID> madeBy, KeyDraft draft) {
        Instant now = clock.instant();
        IssuedKey key = IssuedKey.generate();
        ApiKey record = sessions.fromTransaction(session -> {
            Organization organization = session.getReference(Organization.class, organizationId);
            ApiKey created =
                    new ApiKey(UUID.randomUUID(), organization, key.hash(), key.label(), draft.name(), false, now);
            apply(created, draft);
            madeBy.ifPresent(created::madeBy);
            session.persist(created);
            KeyAudit.record(session, actor, "key.create", created, Optional.empty(), true);
            return created;
        });
        return new NewKey(record, key);
    }

    public ApiKey update(Actor actor, UUID organizationId, String hash, KeyDraft draft) {
        ApiKey updated = sessions.fromTransaction(session -> {
            ApiKey key = find(session, organizationId, hash);
            Optional<jakarta.json.JsonObject> before = Optional.of(KeyAudit.of(key));
            apply(key, draft);
            key.touch(clock.instant());
            KeyAudit.record(session, actor, "key.update", key, before, true);
            return key;
        });
        authenticator.forget(hash);
        return updated;
    }

    public void delete(Actor actor, UUID organizationId, String hash) {
        sessions.inTransaction(session -> {
            ApiKey key = find(session, organizationId, hash);
            Optional<jakarta.json.JsonObject> before = Optional.of(KeyAudit.of(key));
            key.delete(clock.instant());
            KeyAudit.record(session, actor, "key.delete", key, before, false);
        });
        authenticator.forget(hash);
    }

    private static void apply(ApiKey key, KeyDraft draft) {
        key.rename(draft.name());
        key.setLimit(
                draft.limit().orElse(null),
                draft.limitReset().map(LimitReset::wireName).orElse(null));
        key.setIncludeByokInLimit(draft.includeByokInLimit());
        key.setExpiresAt(draft.expiresAt().orElse(null));
        key.setDisabled(draft.disabled());
    }

    private static ApiKey find(Session session, UUID organizationId, String hash) {
        if (!KEY_HASH.matcher(hash).matches()) {
            // Not a hash this server makes (NUL bytes, SQL, 5,000 characters): unknown without asking the database.
            throw new KeyRefusedException(404, "no key with that hash: a hash is 64 hexadecimal digits");
        }
        return session.createSelectionQuery(
                        "from ApiKey where hash = :hash and organization.id = :org and not management"
                                + " and deletedAt is null",
                        ApiKey.class)
                .setParameter("hash", hash)
                .setParameter("org", organizationId)
                .uniqueResultOptional()
                .orElseThrow(() -> new KeyRefusedException(404, "no key with hash '" + hash + "'"));
    }
}
