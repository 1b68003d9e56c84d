package dev.tollgate.api.org.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.api.account.control.AccountSettings;
import dev.tollgate.api.account.control.Accounts;
import dev.tollgate.api.org.control.OrganizationSettings.Settings;
import dev.tollgate.api.support.FreshDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganizationSettingsTest {

    private final List<UUID> forgotten = new ArrayList<>();
    private OrganizationSettings settings;
    private UUID owner;
    private UUID admin;
    private UUID member;
    private UUID stranger;
    private UUID team;

    @BeforeEach
    void aTeamWithAnOwnerAnAdminAndAMember() {
        var database = FreshDatabase.create();
        Clock clock = Clock.systemUTC();
        Accounts accounts = new Accounts(database, new AccountSettings(1000, 5, Duration.ofMinutes(1), true), clock);
        Memberships memberships = new Memberships(database, clock);
        settings = new OrganizationSettings(database, forgotten::add);
        owner = signUp(accounts, "owner@team.co");
        admin = signUp(accounts, "admin@team.co");
        member = signUp(accounts, "member@team.co");
        stranger = signUp(accounts, "stranger@else.co");
        team = memberships.createOrganization(owner, "Team").organization();
        memberships.accept(
                admin,
                memberships.invite(owner, team, OrganizationRole.ADMIN).token().orElseThrow());
        memberships.accept(
                member,
                memberships.invite(owner, team, OrganizationRole.MEMBER).token().orElseThrow());
    }

    private static UUID signUp(Accounts accounts, String email) {
        return accounts.signUp(email, "", "long enough pass".toCharArray()).account();
    }

    @Test
    void aNewOrganisationAllowsDataCollectionAndIgnoresNoProvider() {
        Settings read = settings.of(member, team);

        assertEquals("Team", read.name());
        assertFalse(read.denyDataCollection());
        assertEquals(List.of(), read.ignoredProviders());
        assertFalse(read.changeable(), "a member reads only");
        assertTrue(settings.of(admin, team).changeable());
    }

    @Test
    void theOwnerAndAdminsRenameAndAMemberCannot() {
        assertEquals("Team Blue", settings.rename(admin, team, "  Team Blue ").name());
        assertEquals("Team Blue", settings.of(member, team).name());
        assertEquals(List.of(), forgotten, "the name is not routing's business: keys stay cached");

        MembershipRefusedException refused =
                assertThrows(MembershipRefusedException.class, () -> settings.rename(member, team, "Mine now"));
        assertTrue(refused.getMessage().contains("owner and admins"), refused.getMessage());
        assertThrows(MembershipRefusedException.class, () -> settings.rename(owner, team, "   "));
        assertThrows(MembershipRefusedException.class, () -> settings.rename(owner, team, "x".repeat(201)));
        assertEquals("Team Blue", settings.of(owner, team).name());
    }

    @Test
    void privacyAndIgnoredProvidersAreSavedAndTheKeyCacheForgetsTheOrganisation() {
        settings.denyDataCollection(owner, team, true);
        Settings saved = settings.ignoreProviders(admin, team, List.of(" Acme ", "beta/eu", "acme"));

        assertTrue(saved.denyDataCollection());
        assertEquals(List.of("acme", "beta/eu"), saved.ignoredProviders(), "lower case, each once, in order");
        Settings reread = settings.of(member, team);
        assertTrue(reread.denyDataCollection());
        assertEquals(List.of("acme", "beta/eu"), reread.ignoredProviders());
        assertEquals(List.of(team, team), forgotten, "each change forgets the organisation's cached keys");

        settings.ignoreProviders(owner, team, List.of());
        assertEquals(List.of(), settings.of(member, team).ignoredProviders());
    }

    @Test
    void aMemberChangesNoPreferenceAndAStrangerSeesNothing() {
        assertThrows(MembershipRefusedException.class, () -> settings.denyDataCollection(member, team, true));
        assertThrows(MembershipRefusedException.class, () -> settings.ignoreProviders(member, team, List.of("acme")));
        MembershipRefusedException hidden =
                assertThrows(MembershipRefusedException.class, () -> settings.of(stranger, team));
        assertTrue(hidden.notFound());
        assertThrows(MembershipRefusedException.class, () -> settings.ignoreProviders(stranger, team, List.of("a")));
        assertFalse(settings.of(owner, team).denyDataCollection());
        assertEquals(List.of(), forgotten);
    }

    @Test
    void somethingThatIsNotAProviderSlugIsRefused() {
        MembershipRefusedException refused = assertThrows(
                MembershipRefusedException.class,
                () -> settings.ignoreProviders(owner, team, List.of("acme", "drop table;")));
        assertTrue(refused.getMessage().contains("drop table;"), refused.getMessage());
        assertEquals(List.of(), settings.of(owner, team).ignoredProviders());
    }

    @Test
    void theOperatorSwitchesPrivacyForAnyOrganisationThroughTheSameCacheForgetting() {
        settings.setDenyDataCollection(Actor.operatorToken(), team, true);

        assertTrue(settings.of(member, team).denyDataCollection());
        assertEquals(List.of(team), forgotten);
        assertThrows(
                UnknownOrganizationException.class,
                () -> settings.setDenyDataCollection(Actor.operatorToken(), UUID.randomUUID(), true));
    }
}
