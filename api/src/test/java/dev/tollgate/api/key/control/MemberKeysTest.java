package dev.tollgate.api.key.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.api.key.control.MemberKeys.KeyState;
import dev.tollgate.api.key.control.MemberKeys.ListedKey;
import dev.tollgate.api.org.control.OrganizationRole;
import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.api.support.FreshDatabase;
import dev.tollgate.api.support.Team;
import dev.tollgate.billing.ledger.Ledger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who sees and changes which key in the portal: owners and admins every key of the organisation (those made with a
 * management key too), members only the keys they made, whatever a request names.
 */
class MemberKeysTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private Team team;
    private SessionFactory sessions;
    private KeyService keys;
    private MemberKeys memberKeys;

    @BeforeEach
    void aTeamWithKeys() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        team = Team.create(clock);
        sessions = FreshDatabase.sessions(team.database());
        keys = new KeyService();
        keys.sessions = sessions;
        keys.authenticator = new KeyAuthenticator();
        memberKeys = new MemberKeys(sessions, keys, keys.authenticator, new Ledger(team.database()), clock);
    }

    @AfterEach
    void close() {
        sessions.close();
    }

    private static KeyDraft draft(String name) {
        return new KeyDraft(name, Optional.empty(), Optional.empty(), false, Optional.empty(), false);
    }

    private String made(UUID account, String name) {
        return memberKeys
                .create(account, team.organization(), draft(name))
                .record()
                .getHash();
    }

    private Set<String> visibleTo(UUID account) {
        return memberKeys.list(account, team.organization()).stream()
                .map(listed -> listed.key().getName())
                .collect(Collectors.toSet());
    }

    @Test
    void membersSeeTheirOwnKeysAndOwnersAndAdminsSeeAllIncludingTheApis() {
        made(team.member(), "member's");
        made(team.otherMember(), "other's");
        made(team.owner(), "owner's");
        keys.create(Actor.managementKey(UUID.randomUUID()), team.organization(), draft("from the API"));

        assertEquals(Set.of("member's"), visibleTo(team.member()));
        assertEquals(Set.of("other's"), visibleTo(team.otherMember()));
        Set<String> all = Set.of("member's", "other's", "owner's", "from the API");
        assertEquals(all, visibleTo(team.owner()));
        assertEquals(all, visibleTo(team.admin()));
    }

    @Test
    void theMakerIsRecordedForPortalKeysAndNotForKeysMadeWithAManagementKey() {
        KeyService.NewKey portal = memberKeys.create(team.member(), team.organization(), draft("portal"));
        KeyService.NewKey api = keys.create(Actor.managementKey(UUID.randomUUID()), team.organization(), draft("api"));

        assertEquals(
                Optional.of(team.member()), stored(portal.record().getHash()).getCreatedBy());
        assertEquals(Optional.empty(), stored(api.record().getHash()).getCreatedBy());
        assertTrue(portal.key().key().startsWith("sk-or-v1-"));
    }

    private ApiKey stored(String hash) {
        return keys.find(team.organization(), hash);
    }

    @Test
    void aMemberCannotDisableOrDeleteAnotherMembersKeyEvenByNamingIt() {
        String others = made(team.otherMember(), "other's");
        String apis = keys.create(Actor.managementKey(UUID.randomUUID()), team.organization(), draft("from the API"))
                .record()
                .getHash();

        for (String hash : List.of(others, apis)) {
            KeyRefusedException disable = assertThrows(
                    KeyRefusedException.class,
                    () -> memberKeys.setDisabled(team.member(), team.organization(), hash, true));
            assertEquals(404, disable.status());
            KeyRefusedException delete = assertThrows(
                    KeyRefusedException.class, () -> memberKeys.delete(team.member(), team.organization(), hash));
            assertEquals(404, delete.status());
            ApiKey untouched = stored(hash);
            assertEquals(false, untouched.isDisabled());
            assertEquals(null, untouched.getDeletedAt());
        }
    }

    @Test
    void membersManageTheirOwnKeysAndAdminsAnyKey() {
        String own = made(team.member(), "own");
        String others = made(team.otherMember(), "other's");
        String apis = keys.create(Actor.managementKey(UUID.randomUUID()), team.organization(), draft("from the API"))
                .record()
                .getHash();

        memberKeys.setDisabled(team.member(), team.organization(), own, true);
        assertEquals(KeyState.DISABLED, only(team.member()).state());
        memberKeys.setDisabled(team.member(), team.organization(), own, false);
        assertEquals(KeyState.ACTIVE, only(team.member()).state());
        memberKeys.delete(team.member(), team.organization(), own);
        assertEquals(Set.of(), visibleTo(team.member()));

        memberKeys.setDisabled(team.admin(), team.organization(), others, true);
        assertTrue(stored(others).isDisabled());
        memberKeys.delete(team.owner(), team.organization(), apis);
        assertEquals(Set.of("other's"), visibleTo(team.owner()));
    }

    private ListedKey only(UUID account) {
        List<ListedKey> listed = memberKeys.list(account, team.organization());
        assertEquals(1, listed.size(), listed.toString());
        return listed.get(0);
    }

    @Test
    void theRoleCountsAsItIsNowNotAsItWas() {
        made(team.otherMember(), "other's");
        assertEquals(Set.of(), visibleTo(team.member()));

        team.memberships().changeRole(team.owner(), team.organization(), team.member(), OrganizationRole.ADMIN);
        assertEquals(Set.of("other's"), visibleTo(team.member()));

        team.memberships().remove(team.owner(), team.organization(), team.member());
        KeyRefusedException refused = assertThrows(KeyRefusedException.class, () -> visibleTo(team.member()));
        assertEquals(403, refused.status());
    }

    @Test
    void strangersNeitherSeeNorMakeKeys() {
        made(team.member(), "member's");

        assertEquals(
                403,
                assertThrows(KeyRefusedException.class, () -> memberKeys.list(team.stranger(), team.organization()))
                        .status());
        assertEquals(
                403,
                assertThrows(KeyRefusedException.class, () -> made(team.stranger(), "intruder's"))
                        .status());
        assertEquals(Set.of("member's"), visibleTo(team.owner()));
    }

    @Test
    void aDraftIsCheckedBeforeAnythingIsStoredAndTheListShowsLimitsSpendAndExpiry() {
        KeyDraft negative =
                new KeyDraft("x", Optional.of(new BigDecimal("-1")), Optional.empty(), false, Optional.empty(), false);
        KeyRefusedException refused = assertThrows(
                KeyRefusedException.class, () -> memberKeys.create(team.member(), team.organization(), negative));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().startsWith("limit: "), refused.getMessage());
        KeyDraft past =
                new KeyDraft("x", Optional.empty(), Optional.empty(), false, Optional.of(NOW.minusSeconds(1)), false);
        assertTrue(assertThrows(
                        KeyRefusedException.class, () -> memberKeys.create(team.member(), team.organization(), past))
                .getMessage()
                .startsWith("expires_at: "));
        assertEquals(Set.of(), visibleTo(team.member()));

        memberKeys.create(
                team.member(),
                team.organization(),
                new KeyDraft(
                        "limited",
                        Optional.of(new BigDecimal("10.50")),
                        Optional.of(LimitReset.WEEKLY),
                        false,
                        Optional.of(NOW.plusSeconds(86_400)),
                        false));
        ListedKey listed = only(team.member());
        assertEquals(0, new BigDecimal("10.50").compareTo(listed.key().getLimitUsd()));
        assertEquals(Optional.of(LimitReset.WEEKLY), listed.limitReset());
        assertEquals(NOW.plusSeconds(86_400), listed.key().getExpiresAt());
        assertEquals(0, listed.spend().total().signum());
        assertEquals(KeyState.ACTIVE, listed.state());
        MemberKeys twoDaysLater = new MemberKeys(
                sessions,
                keys,
                keys.authenticator,
                new Ledger(team.database()),
                Clock.fixed(NOW.plusSeconds(2 * 86_400), ZoneOffset.UTC));
        assertEquals(
                KeyState.EXPIRED,
                twoDaysLater.list(team.member(), team.organization()).get(0).state());
    }
}
