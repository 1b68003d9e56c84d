package dev.tollgate.api.org.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.api.account.control.AccountSettings;
import dev.tollgate.api.account.control.Accounts;
import dev.tollgate.api.org.control.OrganizationBalances.OrganizationBalance;
import dev.tollgate.api.support.FreshDatabase;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.TransferRequest;
import dev.tollgate.db.tenancy.TenantScope;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganizationBalancesTest {

    private OrganizationBalances balances;
    private UUID funded;
    private UUID empty;

    @BeforeEach
    void twoOrganisationsOneWithCredits() {
        var database = FreshDatabase.create();
        Clock clock = Clock.systemUTC();
        Accounts accounts = new Accounts(database, new AccountSettings(1000, 5, Duration.ofMinutes(1), true), clock);
        Memberships memberships = new Memberships(database, clock);
        UUID owner = accounts.signUp("owner@fund.co", "", "long enough pass".toCharArray())
                .account();
        funded = memberships.createOrganization(owner, "Funded 100%").organization();
        empty = memberships.createOrganization(owner, "Empty").organization();
        balances = new OrganizationBalances(database);
        TenantScope.platform().run(() -> {
            Ledger ledger = new Ledger(database);
            ledger.apply(new TransferRequest.Post(
                    UUID.randomUUID(),
                    ledger.account(AccountKind.GRANTS, AccountKind.PLATFORM),
                    ledger.account(AccountKind.ORG_CREDITS, funded.toString()),
                    new BigDecimal("12.345678901234"),
                    "grant",
                    Optional.empty()));
        });
    }

    @Test
    void inThePlatformsScopeEveryOrganisationIsListedWithItsExactBalance() {
        List<OrganizationBalance> all = TenantScope.platform().call(() -> balances.page("", 0, 50));

        OrganizationBalance withCredits =
                all.stream().filter(org -> org.id().equals(funded)).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("12.345678901234").compareTo(withCredits.available()));
        assertEquals(1, withCredits.members());
        OrganizationBalance without =
                all.stream().filter(org -> org.id().equals(empty)).findFirst().orElseThrow();
        assertEquals(0, without.available().signum());
        assertEquals(all.size(), TenantScope.platform().call(() -> balances.count("")));
    }

    @Test
    void searchFindsByPartOfTheNameLiterallyOrByTheWholeId() {
        assertEquals(
                List.of(funded),
                TenantScope.platform().call(() -> balances.page("100%", 0, 10)).stream()
                        .map(OrganizationBalance::id)
                        .toList());
        assertEquals(0, TenantScope.platform().call(() -> balances.count("_")));
        assertEquals(
                List.of(empty),
                TenantScope.platform().call(() -> balances.page(empty.toString(), 0, 10)).stream()
                        .map(OrganizationBalance::id)
                        .toList());
    }

    @Test
    void inOneTenantsScopeRowLevelSecurityShowsThatTenantAlone() {
        assertEquals(
                List.of(empty),
                TenantScope.tenant(empty).call(() -> balances.page("", 0, 10)).stream()
                        .map(OrganizationBalance::id)
                        .toList());
    }
}
