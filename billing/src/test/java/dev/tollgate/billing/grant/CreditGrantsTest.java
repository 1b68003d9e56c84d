package dev.tollgate.billing.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.FreshDatabase;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A grant and the work that must commit with it (its audit entry): witnessed once per grant, never for a retry, and
 * when that work fails the grant is not made either.
 */
class CreditGrantsTest {

    private final UUID organization = UUID.randomUUID();
    private Ledger ledger;
    private CreditGrants grants;

    @BeforeEach
    void freshLedger() {
        ledger = new Ledger(FreshDatabase.create());
        grants = new CreditGrants();
        grants.ledger = ledger;
    }

    @Test
    void aGrantIsWitnessedOnceWithTheCreditsAfterItAndARetryNotAgain() {
        List<BigDecimal> witnessed = new ArrayList<>();
        UUID grantId = UUID.randomUUID();
        grants.grant(organization, new BigDecimal("2.50"), Optional.empty(), UUID.randomUUID());

        CreditGrants.Granted granted = grants.grant(
                organization,
                new BigDecimal("10.00"),
                Optional.of("welcome"),
                grantId,
                (connection, done) -> witnessed.add(done.credits().available()));
        CreditGrants.Granted retried = grants.grant(
                organization,
                new BigDecimal("10.00"),
                Optional.of("welcome"),
                grantId,
                (connection, done) -> witnessed.add(done.credits().available()));

        assertEquals(1, witnessed.size());
        assertEquals(0, new BigDecimal("12.50").compareTo(witnessed.get(0)), witnessed.toString());
        assertEquals(granted.transfer(), retried.transfer());
        assertEquals(0, new BigDecimal("12.50").compareTo(available()));
    }

    @Test
    void whenTheWitnessFailsTheGrantIsNotMade() {
        UUID grantId = UUID.randomUUID();

        assertThrows(
                IllegalStateException.class,
                () -> grants.grant(
                        organization, new BigDecimal("10"), Optional.empty(), grantId, (connection, done) -> {
                            throw new SQLException("the audit log refused the entry");
                        }));

        assertEquals(0, BigDecimal.ZERO.compareTo(available()));
        assertTrue(ledger.transfer(grantId).isEmpty());
    }

    private BigDecimal available() {
        return ledger.balance(ledger.account(AccountKind.ORG_CREDITS, organization.toString()))
                .available();
    }
}
