package dev.tollgate.api.key.control;

import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.api.org.control.OrganizationRole;
import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.billing.ledger.Ledger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.SelectionQuery;

/**
 * An organisation's inference keys as its members manage them in the portal. Owners and admins see and manage every
 * key of the organisation, including those made with a management key (no maker); members make keys and see and
 * manage only the keys they made. The role is read from the membership in the same transaction as the change, so a
 * role taken away a moment ago counts, and a key outside what the person may see is "not found", exactly like a key
 * of another organisation: nothing a request names can reach it.
 */
@ApplicationScoped
public class MemberKeys {

    /** The most keys a page lists; an organisation with more manages them through the keys API. */
    public static final int LIST_LIMIT = 500;

    private Clock clock = Clock.systemUTC();

    @Inject
    SessionFactory sessions;

    @Inject
    KeyService keys;

    @Inject
    KeyAuthenticator authenticator;

    @Inject
    Ledger ledger;

    /** For CDI. */
    public MemberKeys() {}

    /** For tests: the collaborators CDI would inject, and a clock. */
    public MemberKeys(
            SessionFactory sessions, KeyService keys, KeyAuthenticator authenticator, Ledger ledger, Clock clock) {
        this.sessions = sessions;
        this.keys = keys;
        this.authenticator = authenticator;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Where a key stands for people: usable, switched off by someone, or past its expiry. */
    public enum KeyState {
        ACTIVE,
        DISABLED,
        EXPIRED;

        static KeyState of(ApiKey key, Instant now) {
            if (key.isDisabled()) {
                return DISABLED;
            }
            return key.getExpiresAt() != null && !key.getExpiresAt().isAfter(now) ? EXPIRED : ACTIVE;
        }
    }

    /** A key as the keys page lists it: its record, its spend, and its state now. */
    public record ListedKey(ApiKey key, KeySpend spend, KeyState state) {

        public Optional<LimitReset> limitReset() {
            return LimitReset.fromWireName(key.getLimitReset());
        }
    }

    /**
     * The keys {@code account} may see in {@code organization}, newest first, with what each has spent.
     *
     * @throws KeyRefusedException 403 when the account is not a member of the organisation
     */
    public List<ListedKey> list(UUID account, UUID organization) {
        Instant now = clock.instant();
        List<ApiKey> visible = sessions.fromTransaction(session -> {
            Optional<UUID> onlyMadeBy = onlyMadeBy(session, account, organization);
            SelectionQuery<ApiKey> query = session.createSelectionQuery(
                            "from ApiKey where organization.id = :org and not management and deletedAt is null"
                                    + (onlyMadeBy.isPresent() ? " and createdBy = :maker" : "")
                                    + " order by createdAt desc, id",
                            ApiKey.class)
                    .setParameter("org", organization)
                    .setMaxResults(LIST_LIMIT);
            onlyMadeBy.ifPresent(maker -> query.setParameter("maker", maker));
            return query.getResultList();
        });
        Map<UUID, List<BigDecimal>> spend =
                ledger.keysSpend(visible.stream().map(ApiKey::getId).toList(), KeySpend.moments(now));
        return visible.stream()
                .map(key -> new ListedKey(key, KeySpend.of(spend.get(key.getId())), KeyState.of(key, now)))
                .toList();
    }

    /**
     * A new inference key, made by {@code account}, which it will see and manage whatever its role.
     *
     * @throws KeyRefusedException 403 when the account is not a member, 400 naming the field a draft gets wrong
     */
    public KeyService.NewKey create(UUID account, UUID organization, KeyDraft draft) {
        draft.problem(clock.instant()).ifPresent(problem -> {
            throw new KeyRefusedException(400, problem.field() + ": " + problem.problem());
        });
        sessions.inTransaction(session -> onlyMadeBy(session, account, organization));
        return keys.create(Actor.account(account), organization, Optional.of(account), draft);
    }

    /**
     * Switches a key off or on again; it stops or starts working on the next call, on every replica.
     *
     * @throws KeyRefusedException 404 when the account may not see the key, 403 when it is not a member
     */
    public ApiKey setDisabled(UUID account, UUID organization, String hash, boolean disabled) {
        ApiKey changed = sessions.fromTransaction(session -> {
            ApiKey key = visible(session, account, organization, hash);
            Optional<jakarta.json.JsonObject> before = Optional.of(KeyAudit.of(key));
            key.setDisabled(disabled);
            key.touch(clock.instant());
            KeyAudit.record(
                    session, Actor.account(account), disabled ? "key.disable" : "key.enable", key, before, true);
            return key;
        });
        authenticator.forget(hash);
        return changed;
    }

    /**
     * Deletes a key for every purpose; its row stays for the history that refers to it.
     *
     * @throws KeyRefusedException 404 when the account may not see the key, 403 when it is not a member
     */
    public void delete(UUID account, UUID organization, String hash) {
        sessions.inTransaction(session -> {
            ApiKey key = visible(session, account, organization, hash);
            Optional<jakarta.json.JsonObject> before = Optional.of(KeyAudit.of(key));
            key.delete(clock.instant());
            KeyAudit.record(session, Actor.account(account), "key.delete", key, before, false);
        });
        authenticator.forget(hash);
    }

    private ApiKey visible(Session session, UUID account, UUID organization, String hash) {
        Optional<UUID> onlyMadeBy = onlyMadeBy(session, account, organization);
        return session.createSelectionQuery(
                        "from ApiKey where hash = :hash and organization.id = :org and not management"
                                + " and deletedAt is null",
                        ApiKey.class)
                .setParameter("hash", hash)
                .setParameter("org", organization)
                .uniqueResultOptional()
                .filter(key -> onlyMadeBy.isEmpty() || onlyMadeBy.equals(key.getCreatedBy()))
                .orElseThrow(() -> new KeyRefusedException(404, "No such key: it was deleted, or it is not yours."));
    }

    /**
     * Whose keys the account may see: everyone's (empty) for owners and admins, its own for members. The membership
     * row is locked for the rest of the transaction, so a role change waits for a change made under the old role.
     */
    private static Optional<UUID> onlyMadeBy(Session session, UUID account, UUID organization) {
        String role = session.createNativeQuery(
                        "SELECT role FROM membership WHERE organization_id = :org AND account_id = :account"
                                + " FOR SHARE",
                        String.class)
                .setParameter("org", organization)
                .setParameter("account", account)
                .uniqueResultOptional()
                .orElseThrow(() -> new KeyRefusedException(
                        403, "You are not a member of this organisation any more: pick another one."));
        return OrganizationRole.of(role).seesAllKeys() ? Optional.empty() : Optional.of(account);
    }
}
