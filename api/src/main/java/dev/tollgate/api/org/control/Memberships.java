package dev.tollgate.api.org.control;

import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.admin.audit.entity.AuditValues;
import dev.tollgate.db.Database;
import dev.tollgate.db.Transactions;
import dev.tollgate.db.Transactions.Work;
import dev.tollgate.db.tenancy.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Who belongs to which organisation, with which role: shared organisations, invitations by link, leaving, removing,
 * changing roles and handing ownership on. Each change is checked against the acting account's role, read in the
 * same transaction; and each runs in the organisation's own tenant scope, so that row-level security would stop a
 * mistake here from touching another organisation. Each change writes its audit entry in its own transaction.
 */
@ApplicationScoped
public class Memberships {

    /** How long an invitation link works. */
    public static final Duration INVITATION_VALIDITY = Duration.ofDays(7);

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Database database;

    private final DataSource fixed;
    private Clock clock = Clock.systemUTC();

    /** For CDI: the application's database. */
    public Memberships() {
        this.fixed = null;
    }

    /** For tests: a database of their own and a clock. */
    public Memberships(DataSource dataSource, Clock clock) {
        this.fixed = dataSource;
        this.clock = clock;
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }

    /** One organisation as one of its members sees it. */
    public record Membership(UUID organization, String name, boolean personal, OrganizationRole role) {}

    /** One member, as the organisation's members see them. */
    public record Member(UUID account, String email, String name, OrganizationRole role, Instant since) {}

    /** An invitation; the link holds the token, which is stored only as its hash and shown only once. */
    public record Invitation(UUID id, OrganizationRole role, Instant expiresAt, Optional<String> token) {

        /** The path of the link that accepts it. */
        public Optional<String> path() {
            return token.map(value -> "/invitation/" + value);
        }
    }

    /** Every organisation {@code account} belongs to, personal first, then by name. */
    public List<Membership> organizationsOf(UUID account) {
        // Across organisations by nature: the platform's scope, filtered by the account.
        return TenantScope.platform()
                .call(() -> inTransaction(connection -> {
                    List<Membership> found = new ArrayList<>();
                    try (PreparedStatement query =
                            connection.prepareStatement("SELECT o.id, o.name, o.personal, m.role FROM"
                                    + " membership m JOIN organization o ON o.id = m.organization_id WHERE m.account_id = ? ORDER BY"
                                    + " o.personal DESC, lower(o.name), o.id")) {
                        query.setObject(1, account);
                        try (ResultSet rows = query.executeQuery()) {
                            while (rows.next()) {
                                found.add(new Membership(
                                        rows.getObject(1, UUID.class),
                                        rows.getString(2),
                                        rows.getBoolean(3),
                                        OrganizationRole.of(rows.getString(4))));
                            }
                        }
                    }
                    return found;
                }));
    }

    /** The account's membership of one organisation, if it has one. */
    public Optional<Membership> membership(UUID account, UUID organization) {
        return inOrganization(organization, connection -> membership(connection, account, organization, false));
    }

    /** A shared organisation, owned by {@code account}. */
    public Membership createOrganization(UUID account, String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 200) {
            throw new MembershipRefusedException("Name the organisation, in at most 200 characters.");
        }
        UUID organization = UUID.randomUUID();
        return inOrganization(organization, connection -> {
            Timestamp now = Timestamp.from(clock.instant());
            Transactions.update(
                    connection,
                    "INSERT INTO organization (id, name, personal, created_at) VALUES (?, ?, false, ?)",
                    organization,
                    clean,
                    now);
            Transactions.update(
                    connection,
                    "INSERT INTO membership (organization_id, account_id, role, created_at) VALUES (?, ?,"
                            + " 'owner', ?)",
                    organization,
                    account,
                    now);
            audit(
                    connection,
                    account,
                    organization,
                    "organization.create",
                    "organisation " + organization,
                    Optional.empty(),
                    Optional.of(AuditValues.of()
                            .with("name", clean)
                            .with("owner", account)
                            .json()));
            return new Membership(organization, clean, false, OrganizationRole.OWNER);
        });
    }

    /** The organisation's members, owner first; for its members only. */
    public List<Member> members(UUID actor, UUID organization) {
        return inOrganization(organization, connection -> {
            role(connection, actor, organization);
            List<Member> found = new ArrayList<>();
            // The account table has no tenant column: the join through membership is what scopes it.
            try (PreparedStatement query = connection.prepareStatement("SELECT a.id, a.email, a.name, m.role,"
                    + " m.created_at FROM membership m JOIN account a ON a.id = m.account_id WHERE m.organization_id"
                    + " = ? ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, a.email")) {
                query.setObject(1, organization);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Member(
                                rows.getObject(1, UUID.class),
                                rows.getString(2),
                                rows.getString(3),
                                OrganizationRole.of(rows.getString(4)),
                                rows.getTimestamp(5).toInstant()));
                    }
                }
            }
            return found;
        });
    }

    /**
     * A link that makes whoever opens it (signed in) a member with {@code role}. Owners invite admins and members,
     * admins invite members. A personal organisation has no other members.
     */
    public Invitation invite(UUID actor, UUID organization, OrganizationRole role) {
        return inOrganization(organization, connection -> {
            OrganizationRole acting = role(connection, actor, organization);
            if (!acting.invites()) {
                throw new MembershipRefusedException("Only the owner and admins invite people. Ask one of them.");
            }
            if (role == OrganizationRole.OWNER
                    || (role == OrganizationRole.ADMIN && acting != OrganizationRole.OWNER)) {
                throw new MembershipRefusedException(
                        role == OrganizationRole.OWNER
                                ? "Invite as admin or member; hand ownership on once they have joined."
                                : "Only the owner invites admins. Invite a member instead.");
            }
            if (personal(connection, organization)) {
                throw new MembershipRefusedException("A personal organisation is yours alone. Create a shared"
                        + " organisation to work with others.");
            }
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            Instant expires = now.plus(INVITATION_VALIDITY);
            Transactions.update(
                    connection,
                    "INSERT INTO invitation (id, organization_id, token_hash, role, invited_by, created_at,"
                            + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    id,
                    organization,
                    sha256(token),
                    role.value(),
                    actor,
                    Timestamp.from(now),
                    Timestamp.from(expires));
            // The token is the invitation's secret: the log keeps its id only.
            audit(
                    connection,
                    actor,
                    organization,
                    "member.invite",
                    "invitation " + id,
                    Optional.empty(),
                    Optional.of(AuditValues.of()
                            .with("invitation", id)
                            .with("role", role.value())
                            .with("expires_at", expires)
                            .json()));
            return new Invitation(id, role, expires, Optional.of(token));
        });
    }

    /** Open invitations (not accepted, revoked or expired), for the owner and admins. */
    public List<Invitation> openInvitations(UUID actor, UUID organization) {
        return inOrganization(organization, connection -> {
            if (!role(connection, actor, organization).invites()) {
                return List.of();
            }
            List<Invitation> found = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT id, role, expires_at FROM invitation"
                    + " WHERE organization_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?"
                    + " ORDER BY created_at")) {
                query.setObject(1, organization);
                query.setTimestamp(2, Timestamp.from(clock.instant()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Invitation(
                                rows.getObject(1, UUID.class),
                                OrganizationRole.of(rows.getString(2)),
                                rows.getTimestamp(3).toInstant(),
                                Optional.empty()));
                    }
                }
            }
            return found;
        });
    }

    public void revokeInvitation(UUID actor, UUID organization, UUID invitation) {
        inOrganization(organization, connection -> {
            if (!role(connection, actor, organization).invites()) {
                throw new MembershipRefusedException("Only the owner and admins manage invitations.");
            }
            Timestamp now = Timestamp.from(clock.instant());
            int revoked = Transactions.update(
                    connection,
                    "UPDATE invitation SET revoked_at = ? WHERE id = ? AND organization_id = ? AND"
                            + " accepted_at IS NULL AND revoked_at IS NULL",
                    now,
                    invitation,
                    organization);
            if (revoked > 0) {
                audit(
                        connection,
                        actor,
                        organization,
                        "member.revoke_invitation",
                        "invitation " + invitation,
                        Optional.of(AuditValues.of().with("revoked_at", null).json()),
                        Optional.of(AuditValues.of()
                                .with("revoked_at", now.toInstant())
                                .json()));
            }
            return null;
        });
    }

    /**
     * Makes {@code account} a member by an invitation's token. A token works once, until it expires or is revoked.
     *
     * @return the organisation joined
     */
    public Membership accept(UUID account, String token) {
        String hash = sha256(token == null ? "" : token.strip());
        // The invitee belongs to no organisation of the invitation yet: the token itself is the authority here.
        return TenantScope.platform()
                .call(() -> inTransaction(connection -> {
                    UUID organization;
                    OrganizationRole role;
                    try (PreparedStatement query = connection.prepareStatement(
                            "SELECT i.organization_id, i.role,"
                                    + " i.accepted_at, i.revoked_at, i.expires_at FROM invitation i WHERE i.token_hash = ? FOR UPDATE")) {
                        query.setString(1, hash);
                        try (ResultSet rows = query.executeQuery()) {
                            if (!rows.next()) {
                                throw new MembershipRefusedException(
                                        "This invitation link is not valid. Ask for a new one.");
                            }
                            if (rows.getTimestamp(3) != null) {
                                throw new MembershipRefusedException(
                                        "This invitation has been used already. Ask for a new" + " one.");
                            }
                            if (rows.getTimestamp(4) != null
                                    || !rows.getTimestamp(5).toInstant().isAfter(clock.instant())) {
                                throw new MembershipRefusedException(
                                        "This invitation has expired or was withdrawn. Ask for" + " a new one.");
                            }
                            organization = rows.getObject(1, UUID.class);
                            role = OrganizationRole.of(rows.getString(2));
                        }
                    }
                    Optional<Membership> existing = membership(connection, account, organization, true);
                    if (existing.isPresent()) {
                        return existing.get();
                    }
                    Timestamp now = Timestamp.from(clock.instant());
                    Transactions.update(
                            connection,
                            "INSERT INTO membership (organization_id, account_id, role, created_at) VALUES (?, ?,"
                                    + " ?, ?)",
                            organization,
                            account,
                            role.value(),
                            now);
                    Transactions.update(
                            connection,
                            "UPDATE invitation SET accepted_by = ?, accepted_at = ? WHERE token_hash = ?",
                            account,
                            now,
                            hash);
                    audit(
                            connection,
                            account,
                            organization,
                            "member.join",
                            "member " + account,
                            Optional.empty(),
                            Optional.of(member(connection, account, role)));
                    return membership(connection, account, organization, false).orElseThrow();
                }));
    }

    /** {@code account} leaves; the owner must hand ownership on first, and nobody leaves a personal organisation. */
    public void leave(UUID account, UUID organization) {
        inOrganization(organization, connection -> {
            OrganizationRole role = role(connection, account, organization);
            if (personal(connection, organization)) {
                throw new MembershipRefusedException("You can't leave your personal organisation.");
            }
            if (role == OrganizationRole.OWNER) {
                throw new MembershipRefusedException("Hand ownership to another member before you leave.");
            }
            Transactions.update(
                    connection,
                    "DELETE FROM membership WHERE organization_id = ? AND account_id = ?",
                    organization,
                    account);
            audit(
                    connection,
                    account,
                    organization,
                    "member.leave",
                    "member " + account,
                    Optional.of(member(connection, account, role)),
                    Optional.empty());
            return null;
        });
    }

    /** The owner removes anyone else; an admin removes members. */
    public void remove(UUID actor, UUID organization, UUID member) {
        inOrganization(organization, connection -> {
            OrganizationRole acting = role(connection, actor, organization);
            Optional<Membership> target = membership(connection, member, organization, true);
            if (target.isEmpty()) {
                throw new MembershipRefusedException("That person is not a member (any more).");
            }
            if (actor.equals(member)) {
                throw new MembershipRefusedException("To remove yourself, leave the organisation.");
            }
            OrganizationRole targetRole = target.get().role();
            boolean allowed = acting == OrganizationRole.OWNER
                    || (acting == OrganizationRole.ADMIN && targetRole == OrganizationRole.MEMBER);
            if (!allowed) {
                throw new MembershipRefusedException(
                        acting == OrganizationRole.ADMIN
                                ? "Admins remove members only. Ask the owner."
                                : "Only the owner and admins remove members.");
            }
            Transactions.update(
                    connection,
                    "DELETE FROM membership WHERE organization_id = ? AND account_id = ?",
                    organization,
                    member);
            audit(
                    connection,
                    actor,
                    organization,
                    "member.remove",
                    "member " + member,
                    Optional.of(member(connection, member, targetRole)),
                    Optional.empty());
            return null;
        });
    }

    /** The owner makes a member an admin or an admin a member. */
    public void changeRole(UUID actor, UUID organization, UUID member, OrganizationRole role) {
        inOrganization(organization, connection -> {
            if (role(connection, actor, organization) != OrganizationRole.OWNER) {
                throw new MembershipRefusedException("Only the owner changes roles.");
            }
            if (role == OrganizationRole.OWNER || actor.equals(member)) {
                throw new MembershipRefusedException("To change the owner, hand ownership on.");
            }
            OrganizationRole before = membership(connection, member, organization, true)
                    .map(Membership::role)
                    .orElseThrow(() -> new MembershipRefusedException("That person is not a member (any more)."));
            Transactions.update(
                    connection,
                    "UPDATE membership SET role = ? WHERE organization_id = ? AND account_id = ?",
                    role.value(),
                    organization,
                    member);
            audit(
                    connection,
                    actor,
                    organization,
                    "member.change_role",
                    "member " + member,
                    Optional.of(member(connection, member, before)),
                    Optional.of(member(connection, member, role)));
            return null;
        });
    }

    /** The owner hands ownership to another member and becomes an admin. */
    public void transferOwnership(UUID actor, UUID organization, UUID newOwner) {
        inOrganization(organization, connection -> {
            if (role(connection, actor, organization) != OrganizationRole.OWNER) {
                throw new MembershipRefusedException("Only the owner hands ownership on.");
            }
            if (personal(connection, organization)) {
                throw new MembershipRefusedException("A personal organisation stays yours.");
            }
            if (actor.equals(newOwner)
                    || membership(connection, newOwner, organization, true).isEmpty()) {
                throw new MembershipRefusedException("Hand ownership to another member of the organisation.");
            }
            // In this order: the index that allows one owner per organisation checks each statement.
            Transactions.update(
                    connection,
                    "UPDATE membership SET role = 'admin' WHERE organization_id = ? AND account_id = ?",
                    organization,
                    actor);
            Transactions.update(
                    connection,
                    "UPDATE membership SET role = 'owner' WHERE organization_id = ? AND account_id = ?",
                    organization,
                    newOwner);
            audit(
                    connection,
                    actor,
                    organization,
                    "member.transfer_ownership",
                    "organisation " + organization,
                    Optional.of(AuditValues.of().with("owner", actor).json()),
                    Optional.of(AuditValues.of().with("owner", newOwner).json()));
            return null;
        });
    }

    private static OrganizationRole role(Connection connection, UUID account, UUID organization) throws SQLException {
        return membership(connection, account, organization, true)
                .map(Membership::role)
                .orElseThrow(MembershipRefusedException::noSuchOrganization);
    }

    private static Optional<Membership> membership(Connection connection, UUID account, UUID organization, boolean lock)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT o.id, o.name, o.personal, m.role FROM"
                + " membership m JOIN organization o ON o.id = m.organization_id WHERE m.account_id = ? AND"
                + " m.organization_id = ?" + (lock ? " FOR UPDATE OF m" : ""))) {
            query.setObject(1, account);
            query.setObject(2, organization);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Membership(
                                rows.getObject(1, UUID.class),
                                rows.getString(2),
                                rows.getBoolean(3),
                                OrganizationRole.of(rows.getString(4))))
                        : Optional.empty();
            }
        }
    }

    private static boolean personal(Connection connection, UUID organization) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT personal FROM organization WHERE id = ?")) {
            query.setObject(1, organization);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    /** Records a member change by {@code actor}, in the change's transaction. */
    private static void audit(
            Connection connection,
            UUID actor,
            UUID organization,
            String action,
            String target,
            Optional<JsonObject> before,
            Optional<JsonObject> after)
            throws SQLException {
        AuditTrail.record(
                connection,
                AuditEntry.of(Actor.account(actor), Optional.of(organization), action, target, before, after));
    }

    /** A member as the log keeps them: account, e-mail as it is now, and role. */
    private static JsonObject member(Connection connection, UUID account, OrganizationRole role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT email FROM account WHERE id = ?")) {
            query.setObject(1, account);
            try (ResultSet rows = query.executeQuery()) {
                return AuditValues.of()
                        .with("account", account)
                        .with("email", rows.next() ? rows.getString(1) : null)
                        .with("role", role.value())
                        .json();
            }
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T inOrganization(UUID organization, Work<T> work) {
        return TenantScope.tenant(organization).call(() -> inTransaction(work));
    }

    private <T> T inTransaction(Work<T> work) {
        return Transactions.inTransaction(dataSource(), "memberships", work);
    }
}
