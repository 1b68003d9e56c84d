package dev.tollgate.api.support;

import dev.tollgate.api.account.control.AccountSettings;
import dev.tollgate.api.account.control.Accounts;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.api.org.control.OrganizationRole;
import dev.tollgate.db.tenancy.ScopedDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * A shared organisation in a fresh database with an owner, an admin, two members and a stranger who belongs to it
 * not, each joined the way people join: by invitation.
 */
public record Team(
        ScopedDataSource database,
        Memberships memberships,
        UUID organization,
        UUID owner,
        UUID admin,
        UUID member,
        UUID otherMember,
        UUID stranger) {

    public static Team create(Clock clock) {
        ScopedDataSource database = FreshDatabase.create();
        Accounts accounts = new Accounts(database, new AccountSettings(1000, 5, Duration.ofMinutes(1), true), clock);
        Memberships memberships = new Memberships(database, clock);
        UUID owner = signUp(accounts, "owner@team.co");
        UUID admin = signUp(accounts, "admin@team.co");
        UUID member = signUp(accounts, "member@team.co");
        UUID otherMember = signUp(accounts, "other@team.co");
        UUID stranger = signUp(accounts, "stranger@else.co");
        UUID team = memberships.createOrganization(owner, "Team").organization();
        join(memberships, admin, memberships.invite(owner, team, OrganizationRole.ADMIN));
        join(memberships, member, memberships.invite(owner, team, OrganizationRole.MEMBER));
        join(memberships, otherMember, memberships.invite(owner, team, OrganizationRole.MEMBER));
        return new Team(database, memberships, team, owner, admin, member, otherMember, stranger);
    }

    private static UUID signUp(Accounts accounts, String email) {
        return accounts.signUp(email, "", "long enough pass".toCharArray()).account();
    }

    private static void join(Memberships memberships, UUID account, Memberships.Invitation invitation) {
        memberships.accept(account, invitation.token().orElseThrow());
    }
}
