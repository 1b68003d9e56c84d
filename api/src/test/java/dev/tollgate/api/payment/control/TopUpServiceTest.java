package dev.tollgate.api.payment.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.api.org.control.MembershipRefusedException;
import dev.tollgate.api.support.Team;
import dev.tollgate.billing.call.CallCharges;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.payment.TopUp;
import dev.tollgate.billing.payment.TopUpFees;
import dev.tollgate.billing.payment.TopUps;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every member sees the balance; only owners and admins buy credits and read the purchases. */
class TopUpServiceTest {

    private Team team;
    private TopUps topUps;
    private TopUpService service;

    @BeforeEach
    void aTeamThatBoughtCredits() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        team = Team.create(clock);
        topUps = new TopUps(team.database());
        // No checkout: a refusal must come before Stripe is ever asked.
        service = new TopUpService(
                team.memberships(),
                new CallCharges(new Ledger(team.database()), Duration.ofMinutes(10), clock),
                null,
                topUps);
        topUps.open("cs_team", team.organization(), TopUpFees.DEFAULTS.quote(new BigDecimal("20")));
    }

    @Test
    void everyMemberSeesTheBalanceAndAStrangerNothing() {
        for (UUID account : List.of(team.owner(), team.admin(), team.member())) {
            assertEquals(0, service.balance(account, team.organization()).signum());
        }
        assertThrows(MembershipRefusedException.class, () -> service.balance(team.stranger(), team.organization()));
    }

    @Test
    void onlyOwnersAndAdminsBuyAndReadThePurchases() {
        assertTrue(service.buys(team.owner(), team.organization()));
        assertTrue(service.buys(team.admin(), team.organization()));
        assertFalse(service.buys(team.member(), team.organization()));
        assertFalse(service.buys(team.stranger(), team.organization()));

        assertEquals(
                List.of("cs_team"),
                service.history(team.admin(), team.organization()).stream()
                        .map(TopUp::sessionId)
                        .toList());
        for (UUID account : List.of(team.member(), team.stranger())) {
            assertThrows(MembershipRefusedException.class, () -> service.history(account, team.organization()));
            assertThrows(
                    MembershipRefusedException.class,
                    () -> service.checkout(account, team.organization(), new BigDecimal("20")));
            assertThrows(
                    MembershipRefusedException.class, () -> service.purchase(account, team.organization(), "cs_team"));
        }
    }

    @Test
    void aPurchaseOfAnotherOrganisationIsNotFound() {
        UUID elsewhere =
                team.memberships().createOrganization(team.owner(), "Elsewhere").organization();
        topUps.open("cs_elsewhere", elsewhere, TopUpFees.DEFAULTS.quote(new BigDecimal("10")));

        assertEquals(Optional.empty(), service.purchase(team.owner(), team.organization(), "cs_elsewhere"));
        assertEquals(
                "cs_team",
                service.purchase(team.owner(), team.organization(), "cs_team")
                        .orElseThrow()
                        .sessionId());
    }
}
