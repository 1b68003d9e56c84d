package dev.tollgate.api.key.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.admin.audit.control.AuditQuery;
import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.api.org.control.MembershipRefusedException;
import dev.tollgate.api.org.control.OrganizationRole;
import dev.tollgate.api.org.control.OrganizationSettings;
import dev.tollgate.api.support.FreshDatabase;
import dev.tollgate.api.support.Team;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.db.tenancy.TenantScope;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Owners' and members' changes land in the audit log with who made them and the values before and after, in the same
 * transaction as the change: a change whose entry cannot be written is not made. Only the platform's scope reads the
 * log; the organisation's own members read nothing of it. (In the keys' package, to wire {@link KeyService} as CDI
 * would.)
 */
class OwnerActionsAuditTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private Team team;
    private SessionFactory sessions;
    private KeyService keys;
    private MemberKeys memberKeys;
    private OrganizationSettings settings;
    private AuditTrail trail;

    @BeforeEach
    void aTeam() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        team = Team.create(clock);
        sessions = FreshDatabase.sessions(team.database());
        keys = new KeyService();
        keys.sessions = sessions;
        keys.authenticator = new KeyAuthenticator();
        memberKeys = new MemberKeys(sessions, keys, keys.authenticator, new Ledger(team.database()), clock);
        settings = new OrganizationSettings(team.database(), organization -> {});
        trail = new AuditTrail(team.database());
    }

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void aKeysLifeIsRecordedWithWhoAndTheValuesBeforeAndAfter() {
        String hash = memberKeys
                .create(team.member(), team.organization(), draft("ci", Optional.empty()))
                .record()
                .getHash();
        memberKeys.setDisabled(team.member(), team.organization(), hash, true);
        UUID managementKey = UUID.randomUUID(); // the log names the key; it need not resolve to a label
        keys.update(
                Actor.managementKey(managementKey),
                team.organization(),
                hash,
                draft("ci", Optional.of(new BigDecimal("5.25"))));
        memberKeys.delete(team.owner(), team.organization(), hash);

        List<AuditEntry> entries = entries("key.");
        assertEquals(List.of("key.delete", "key.update", "key.disable", "key.create"), actions(entries));

        AuditEntry created = entries.get(3);
        assertEquals(Actor.Kind.ACCOUNT, created.actor().kind());
        assertEquals("member@team.co", created.actor().label());
        assertEquals(Optional.of(team.organization()), created.organization());
        assertTrue(created.before().isEmpty());
        assertEquals("ci", created.after().orElseThrow().getString("name"));
        assertTrue(created.target().startsWith("key sk-or-v1-"), created.target());

        AuditEntry disabled = entries.get(2);
        assertEquals(JsonValue.FALSE, disabled.before().orElseThrow().get("disabled"));
        assertEquals(JsonValue.TRUE, disabled.after().orElseThrow().get("disabled"));

        AuditEntry limited = entries.get(1);
        assertEquals(Actor.Kind.MANAGEMENT_KEY, limited.actor().kind());
        assertEquals(Optional.of(managementKey.toString()), limited.actor().id());
        assertEquals(JsonValue.NULL, limited.before().orElseThrow().get("limit"));
        // Exact, as a decimal string: never a floating-point number.
        assertEquals("5.25", limited.after().orElseThrow().getString("limit"));

        AuditEntry deleted = entries.get(0);
        assertEquals("owner@team.co", deleted.actor().label());
        assertTrue(deleted.after().isEmpty());
        assertEquals("5.25", deleted.before().orElseThrow().getString("limit"));
        for (AuditEntry entry : entries) {
            String values = entry.before().map(JsonObject::toString).orElse("")
                    + entry.after().map(JsonObject::toString).orElse("");
            assertTrue(!values.contains(hash), "a key's hash is not an audit value: " + values);
        }
    }

    @Test
    void memberChangesAreRecordedFromTheOrganisationsStart() {
        team.memberships().changeRole(team.owner(), team.organization(), team.member(), OrganizationRole.ADMIN);
        team.memberships().remove(team.owner(), team.organization(), team.otherMember());

        List<AuditEntry> entries = entries("member.");
        assertEquals("member.remove", entries.get(0).action());
        assertEquals("other@team.co", entries.get(0).before().orElseThrow().getString("email"));
        assertTrue(entries.get(0).after().isEmpty());
        AuditEntry promoted = entries.get(1);
        assertEquals("member.change_role", promoted.action());
        assertEquals("owner@team.co", promoted.actor().label());
        assertEquals("member", promoted.before().orElseThrow().getString("role"));
        assertEquals("admin", promoted.after().orElseThrow().getString("role"));
        // Team.create invited three people, who joined: each is on record, by whom and as what.
        assertEquals(
                3, actions(entries).stream().filter("member.invite"::equals).count());
        assertEquals(3, actions(entries).stream().filter("member.join"::equals).count());
        assertEquals(List.of("organization.create"), actions(entries("organization.")));
    }

    @Test
    void aSettingsChangeIsRecordedAndARefusedOneIsNot() {
        settings.rename(team.admin(), team.organization(), "Renamed");
        assertThrows(
                MembershipRefusedException.class,
                () -> settings.rename(team.member(), team.organization(), "Not allowed"));

        List<AuditEntry> entries = entries("organization.update");
        assertEquals(1, entries.size());
        assertEquals("Team", entries.get(0).before().orElseThrow().getString("name"));
        assertEquals("Renamed", entries.get(0).after().orElseThrow().getString("name"));
        assertEquals("admin@team.co", entries.get(0).actor().label());
    }

    @Test
    void aChangeWhoseEntryCannotBeWrittenIsNotMade() throws SQLException {
        // The table's owner makes every new entry fail, as a full disk or a broken trigger would.
        PGSimpleDataSource owner = team.database().unwrap(PGSimpleDataSource.class);
        try (Connection connection = owner.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE audit_entry ADD CONSTRAINT refuse_all CHECK (false) NOT VALID");
        }

        assertThrows(RuntimeException.class, () -> settings.rename(team.owner(), team.organization(), "Renamed"));
        assertThrows(
                RuntimeException.class,
                () -> memberKeys.create(team.owner(), team.organization(), draft("never", Optional.empty())));

        assertEquals("Team", settings.of(team.owner(), team.organization()).name());
        assertEquals(List.of(), memberKeys.list(team.owner(), team.organization()));
    }

    @Test
    void onlyThePlatformsScopeReadsTheLog() {
        settings.rename(team.owner(), team.organization(), "Renamed");

        assertTrue(entries("organization.update").size() == 1);
        for (TenantScope scope : List.of(TenantScope.tenant(team.organization()), TenantScope.nobody())) {
            assertEquals(
                    List.of(),
                    scope.call(() -> trail.entries(AuditQuery.everything(0, 50))),
                    "the log as " + scope + " sees it");
        }
    }

    private List<AuditEntry> entries(String action) {
        AuditQuery query =
                new AuditQuery(Optional.of(team.organization()), Optional.of(action), Optional.empty(), 0, 200);
        return TenantScope.platform().call(() -> trail.entries(query));
    }

    private static List<String> actions(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::action).toList();
    }

    private static KeyDraft draft(String name, Optional<BigDecimal> limit) {
        return new KeyDraft(name, limit, Optional.empty(), false, Optional.empty(), false);
    }
}
