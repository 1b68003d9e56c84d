package dev.tollgate.api.org.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.api.account.control.AccountSettings;
import dev.tollgate.api.account.control.Accounts;
import dev.tollgate.api.org.control.Memberships.Member;
import dev.tollgate.api.org.control.Memberships.Membership;
import dev.tollgate.api.support.FreshDatabase;
import dev.tollgate.billing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private Memberships memberships;
    private UUID owner;
    private UUID admin;
    private UUID member;
    private UUID stranger;
    private UUID team;

    @BeforeEach
    void aTeamWithAnOwnerAnAdminAndAMember() {
        var database = FreshDatabase.create();
        Accounts accounts = new Accounts(database, new AccountSettings(1000, 5, Duration.ofMinutes(1), true), clock);
        memberships = new Memberships(database, clock);
        owner = accounts.signUp("owner@team.co", "Owner", "long enough pass".toCharArray())
                .account();
        admin = accounts.signUp("admin@team.co", "Admin", "long enough pass".toCharArray())
                .account();
        member = accounts.signUp("member@team.co", "Member", "long enough pass".toCharArray())
                .account();
        stranger = accounts.signUp("stranger@else.co", "", "long enough pass".toCharArray())
                .account();
        team = memberships.createOrganization(owner, "  Team  ").organization();
        join(admin, memberships.invite(owner, team, OrganizationRole.ADMIN));
        join(member, memberships.invite(admin, team, OrganizationRole.MEMBER));
    }

    private void join(UUID account, Memberships.Invitation invitation) {
        memberships.accept(account, invitation.token().orElseThrow());
    }

    @Test
    void membersAreListedWithTheirRolesOwnerFirst() {
        List<Member> members = memberships.members(member, team);

        assertEquals(
                List.of("owner@team.co", "admin@team.co", "member@team.co"),
                members.stream().map(Member::email).toList());
        assertEquals(
                List.of(OrganizationRole.OWNER, OrganizationRole.ADMIN, OrganizationRole.MEMBER),
                members.stream().map(Member::role).toList());
        assertEquals("Team", memberships.membership(owner, team).orElseThrow().name());
    }

    @Test
    void toANonMemberTheOrganisationDoesNotExist() {
        MembershipRefusedException refused =
                assertThrows(MembershipRefusedException.class, () -> memberships.members(stranger, team));
        assertTrue(refused.notFound());
        assertTrue(memberships.membership(stranger, team).isEmpty());
        assertEquals(1, memberships.organizationsOf(stranger).size());
    }

    @Test
    void anInvitationWorksOnceAndNotAfterItExpires() {
        Memberships.Invitation invitation = memberships.invite(owner, team, OrganizationRole.MEMBER);
        String token = invitation.token().orElseThrow();
        assertTrue(invitation.path().orElseThrow().endsWith(token));

        Membership joined = memberships.accept(stranger, token);
        assertEquals(OrganizationRole.MEMBER, joined.role());
        refused("used already", () -> memberships.accept(UUID.randomUUID(), token));

        Memberships.Invitation late = memberships.invite(owner, team, OrganizationRole.MEMBER);
        clock.advance(Memberships.INVITATION_VALIDITY.plusSeconds(1));
        refused("expired", () -> memberships.accept(stranger, late.token().orElseThrow()));
        refused("not valid", () -> memberships.accept(stranger, "made-up-token"));
    }

    @Test
    void onlyOwnersAndAdminsInviteAndOnlyTheOwnerInvitesAdmins() {
        refused("Only the owner and admins", () -> memberships.invite(member, team, OrganizationRole.MEMBER));
        refused("Only the owner invites admins", () -> memberships.invite(admin, team, OrganizationRole.ADMIN));
        refused("hand ownership on", () -> memberships.invite(owner, team, OrganizationRole.OWNER));
        UUID personal = memberships.organizationsOf(owner).get(0).organization();
        refused("yours alone", () -> memberships.invite(owner, personal, OrganizationRole.MEMBER));
    }

    @Test
    void revokedInvitationsStopWorking() {
        Memberships.Invitation invitation = memberships.invite(owner, team, OrganizationRole.MEMBER);
        assertEquals(1, memberships.openInvitations(admin, team).size());
        assertEquals(List.of(), memberships.openInvitations(member, team));

        memberships.revokeInvitation(admin, team, invitation.id());

        assertEquals(0, memberships.openInvitations(owner, team).size());
        refused(
                "withdrawn",
                () -> memberships.accept(stranger, invitation.token().orElseThrow()));
    }

    @Test
    void removingFollowsTheRoles() {
        refused("Admins remove members only", () -> memberships.remove(admin, team, owner));
        refused("Only the owner and admins", () -> memberships.remove(member, team, admin));
        memberships.remove(admin, team, member);
        assertEquals(2, memberships.members(owner, team).size());
        memberships.remove(owner, team, admin);
        assertEquals(1, memberships.members(owner, team).size());
        assertThrows(MembershipRefusedException.class, () -> memberships.members(admin, team));
    }

    @Test
    void leavingIsForEveryoneButTheOwnerAndNeverFromAPersonalOrganisation() {
        memberships.leave(member, team);
        assertEquals(1, memberships.organizationsOf(member).size());
        refused("Hand ownership", () -> memberships.leave(owner, team));
        UUID personal = memberships.organizationsOf(owner).get(0).organization();
        refused("personal organisation", () -> memberships.leave(owner, personal));
    }

    @Test
    void theOwnerHandsOwnershipOnAndThereIsAlwaysExactlyOneOwner() {
        refused("Only the owner", () -> memberships.transferOwnership(admin, team, admin));
        refused("another member", () -> memberships.transferOwnership(owner, team, stranger));

        memberships.transferOwnership(owner, team, member);

        List<Member> members = memberships.members(owner, team);
        assertEquals(
                1,
                members.stream().filter(m -> m.role() == OrganizationRole.OWNER).count());
        assertEquals(
                OrganizationRole.OWNER,
                memberships.membership(member, team).orElseThrow().role());
        assertEquals(
                OrganizationRole.ADMIN,
                memberships.membership(owner, team).orElseThrow().role());
        memberships.leave(owner, team);
    }

    @Test
    void onlyTheOwnerChangesRoles() {
        refused(
                "Only the owner changes roles",
                () -> memberships.changeRole(admin, team, member, OrganizationRole.ADMIN));
        memberships.changeRole(owner, team, member, OrganizationRole.ADMIN);
        assertEquals(
                OrganizationRole.ADMIN,
                memberships.membership(member, team).orElseThrow().role());
        refused("hand ownership on", () -> memberships.changeRole(owner, team, member, OrganizationRole.OWNER));
    }

    private static void refused(String words, Runnable attempt) {
        MembershipRefusedException refused = assertThrows(MembershipRefusedException.class, attempt::run);
        assertTrue(refused.getMessage().contains(words), refused.getMessage());
    }
}
