package dev.tollgate.billing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.FreshDatabase;
import dev.tollgate.billing.SettableClock;
import dev.tollgate.billing.ledger.AccountBalance;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.TransferRequest;
import dev.tollgate.billing.ledger.TransferRequest.SpendCap;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls held against leases of credit, against a real PostgreSQL, each test on a fresh database. */
class CreditLeasesTest {

    private static final Duration HOLD_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration ACCEPT_FOR = Duration.ofMinutes(5);
    private static final Duration IDLE = Duration.ofSeconds(2);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private DataSource database;
    private Ledger ledger;
    private CallCharges charges;
    private UUID org;
    private UUID key;
    private UUID credits;

    @BeforeEach
    void freshLedger() throws Exception {
        database = FreshDatabase.create();
        ledger = new Ledger(database);
        charges = new CallCharges(ledger, HOLD_TIMEOUT, clock, 8, ACCEPT_FOR, IDLE);
        org = UUID.randomUUID();
        key = UUID.randomUUID();
        credits = ledger.account(AccountKind.ORG_CREDITS, org.toString());
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    private void grant(String amount) {
        ledger.apply(new TransferRequest.Post(
                UUID.randomUUID(),
                ledger.account(AccountKind.GRANTS, AccountKind.PLATFORM),
                credits,
                usd(amount),
                "grant",
                Optional.empty()));
    }

    private static void assertAmount(String expected, BigDecimal actual) {
        assertEquals(0, usd(expected).compareTo(actual), () -> "expected " + expected + ", was " + actual);
    }

    /** The organisation's holds nobody posted or released, as the ledger's tables have them. */
    private List<BigDecimal> openHolds() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT t.amount FROM ledger_transfer t"
                        + " WHERE t.debit_account = ? AND t.state = 'pending'"
                        + " AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = t.id)"
                        + " ORDER BY t.amount")) {
            select.setObject(1, credits);
            List<BigDecimal> amounts = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    amounts.add(rows.getBigDecimal(1));
                }
            }
            return amounts;
        }
    }

    /** The open holds' amounts without trailing zeros, to compare with amounts written plainly. */
    private List<BigDecimal> openHoldAmounts() throws SQLException {
        return openHolds().stream().map(BigDecimal::stripTrailingZeros).toList();
    }

    /** {@code count} calls without a key limit, each reserving {@code worstCase}, their generations numbered. */
    private List<CallHold> holdCalls(String generationPrefix, int count, String worstCase) {
        List<CallHold> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(charges.hold(org, key, Optional.empty(), generationPrefix + i, usd(worstCase)));
        }
        return calls;
    }

    private void idleFor(Duration time) {
        clock.advance(time);
    }

    @Test
    void callsWithinALeaseWriteNoHoldOfTheirOwnAndItsCreditReturnsWhenIdle() throws Exception {
        grant("10");
        List<CallHold> calls = holdCalls("gen-", 5, "0.1");
        // One lease of eight worst cases, whatever the number of calls in it.
        assertEquals(List.of(usd("0.8")), openHoldAmounts());
        assertTrue(calls.stream()
                .allMatch(call -> call.id().isEmpty() && call.leased().isPresent()));

        for (CallHold call : calls) {
            charges.settle(call, "openai", usd("0.01"), usd("0.02"));
        }
        // Rolled down by what its calls spent, once posted: the ledger's available credit is right again, the lease
        // kept.
        ledger.applyJournal();
        assertEquals(1, charges.tickLeases());
        assertEquals(List.of(usd("0.7")), openHoldAmounts());
        assertAmount("9.2", ledger.balance(credits).available());
        assertEquals(0, charges.tickLeases(), "nothing more to roll");
        idleFor(IDLE);
        assertEquals(1, charges.tickLeases());

        assertEquals(List.of(), openHolds());
        AccountBalance after = ledger.balance(credits);
        assertAmount("9.9", after.postedBalance());
        assertAmount("9.9", after.available());
        assertAmount(
                "0.05",
                ledger.balance(ledger.account(AccountKind.PROVIDER_PAYABLE, "openai"))
                        .postedBalance());
    }

    @Test
    void aLeaseSpentUpIsRetiredAndReleasedAtTheTickAfterItsLastCallEnds() throws Exception {
        grant("10");
        List<CallHold> first = holdCalls("gen-a", 8, "0.1");
        // The ninth does not fit: a new lease, while the first still carries eight calls.
        CallHold ninth = charges.hold(org, key, Optional.empty(), "gen-b", usd("0.1"));
        assertEquals(2, openHolds().size());
        for (CallHold call : first) {
            charges.release(call);
        }
        // Not on the thread of the call that ended last, which would wait for the journal to be posted.
        assertEquals(2, openHolds().size());
        assertEquals(1, charges.tickLeases());
        assertEquals(1, openHolds().size(), "the retired lease went at the tick after its last call");
        charges.settle(ninth, "openai", usd("0.05"), usd("0.06"));
        ledger.applyJournal();
        idleFor(IDLE);
        charges.tickLeases();
        assertEquals(List.of(), openHolds());
        assertAmount("9.94", ledger.balance(credits).available());
    }

    @Test
    void aRenewalTakesItsLeaseBesideTheCurrentOneAndARetiredLeaseCarriesWhatItsCallsSpentUntilPosted()
            throws Exception {
        charges.lingerJournal(Duration.ofHours(1)); // only this test posts the journal
        grant("10");
        List<CallHold> first = holdCalls("gen-a", 8, "0.1");
        // Room for a whole lease beside the first: taken without rolling the first, which is retired.
        List<CallHold> second = holdCalls("gen-b", 8, "0.1");
        for (CallHold call : second) {
            charges.settle(call, "openai", usd("0.05"), usd("0.09"));
        }
        holdCalls("gen-c", 1, "0.1");
        assertEquals(List.of(usd("0.8"), usd("0.8"), usd("0.8")), openHoldAmounts());

        // The second, retired, is rolled down to what its calls spent (0.72): still journaled, so still held.
        assertEquals(1, charges.tickLeases());
        assertEquals(List.of(usd("0.72"), usd("0.8"), usd("0.8")), openHoldAmounts());
        assertAmount("0", ledger.balanceAsPosted(credits).debitsPosted());
        assertAmount("7.68", ledger.balanceAsPosted(credits).available());

        // Posted, it is given back.
        ledger.applyJournal(Ledger.JOURNAL_BATCH);
        assertEquals(1, charges.tickLeases());
        assertEquals(List.of(usd("0.8"), usd("0.8")), openHoldAmounts());
        for (CallHold call : first) {
            charges.release(call);
        }
        charges.tickLeases();
        assertEquals(List.of(usd("0.8")), openHoldAmounts(), "the first lease went at the tick");
        assertAmount("8.48", ledger.balance(credits).available());
    }

    @Test
    void aLeaseTakesNoMoreThanIsAvailableAndNeverLetsCallsReserveBeyondIt() throws Exception {
        grant("0.35");
        List<CallHold> admitted = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            try {
                admitted.add(charges.hold(org, key, Optional.empty(), "gen-" + i, usd("0.1")));
            } catch (CreditsShortException expected) {
                refused++;
            }
        }
        assertEquals(3, admitted.size());
        assertEquals(3, refused);
        // The first refusal retired the lease down to its three calls' worst cases.
        assertEquals(List.of(usd("0.3")), openHoldAmounts());
    }

    @Test
    void aRenewalThatNeedsTheRetiredLeasesUnspentCreditRollsItFirst() throws Exception {
        grant("1.0");
        for (CallHold call : holdCalls("gen-spent-", 4, "0.1")) {
            charges.settle(call, "openai", usd("0.05"), usd("0.1"));
        }
        List<CallHold> open = holdCalls("gen-open-", 4, "0.1");
        ledger.applyJournal(Ledger.JOURNAL_BATCH); // the poster posted what the four spent
        // The lease (0.8) is spent and reserved up: the renewal rolls it down to its four open calls, giving back what
        // the others spent, before it reads what is left for the next lease: 0.2.
        CallHold next = charges.hold(org, key, Optional.empty(), "gen-next", usd("0.1"));
        assertTrue(next.leased().isPresent());
        assertEquals(List.of(usd("0.2"), usd("0.4")), openHoldAmounts());
        for (CallHold call : open) {
            charges.release(call);
        }
        charges.release(next);
        ledger.applyJournal();
        idleFor(IDLE);
        charges.tickLeases();
        assertEquals(List.of(), openHolds());
        assertAmount("0.6", ledger.balance(credits).available());
    }

    @Test
    void manyConcurrentRenewalsWithCreditToSpareMoveExactlyWhatTheCallsSpent() throws Exception {
        grant("10");
        ExecutorService callers = Executors.newFixedThreadPool(16);
        List<Future<?>> calls = new ArrayList<>();
        try {
            // Leases of eight calls: about fifty renewals, racing the calls that finish in the leases they retire.
            for (int i = 0; i < 400; i++) {
                String generation = "gen-" + i;
                calls.add(callers.submit(() -> {
                    CallHold hold = charges.hold(org, key, Optional.empty(), generation, usd("0.01"));
                    charges.settle(hold, "openai", usd("0.004"), usd("0.005"));
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            callers.shutdownNow();
        }
        ledger.applyJournal();
        idleFor(IDLE);
        charges.tickLeases();
        assertEquals(List.of(), openHolds());
        AccountBalance after = ledger.balance(credits);
        assertAmount("8", after.postedBalance());
        assertAmount("8", after.available());
        assertAmount(
                "1.6",
                ledger.balance(ledger.account(AccountKind.PROVIDER_PAYABLE, "openai"))
                        .postedBalance());
    }

    @Test
    void twoHundredConcurrentCallsAgainstCreditForTenAreTenAnsweredAndNothingIsLeftHeld() throws Exception {
        BigDecimal perCall = usd("0.001");
        grant("0.01");
        ExecutorService callers = Executors.newFixedThreadPool(16);
        List<Future<Boolean>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                String generation = "gen-" + i;
                calls.add(callers.submit(() -> {
                    CallHold hold;
                    try {
                        hold = charges.hold(org, key, Optional.empty(), generation, perCall);
                    } catch (CreditsShortException refused) {
                        return false;
                    }
                    charges.settle(hold, "openai", usd("0.0005"), perCall);
                    return true;
                }));
            }
            int answered = 0;
            for (Future<Boolean> call : calls) {
                answered += call.get() ? 1 : 0;
            }
            assertEquals(10, answered);
        } finally {
            callers.shutdownNow();
        }
        ledger.applyJournal();
        idleFor(IDLE);
        charges.tickLeases();
        assertEquals(List.of(), openHolds());
        assertAmount("0", ledger.balance(credits).postedBalance());
    }

    @Test
    void aKeyWithALimitHoldsEachCallOnItsOwn() throws Exception {
        grant("10");
        Optional<SpendCap> cap = Optional.of(new SpendCap(key, Instant.parse("2026-11-22T00:00:00Z"), usd("1")));
        CallHold hold = charges.hold(org, key, cap, "gen-capped", usd("0.3"));
        assertTrue(hold.id().isPresent() && hold.leased().isEmpty());
        assertEquals(List.of(usd("0.3")), openHoldAmounts());
    }

    @Test
    void aLeaseStopsTakingCallsAfterItsTimeAndItsHoldOutlivesItsLastCallByTheHoldTimeout() throws Exception {
        grant("10");
        CallHold early = charges.hold(org, key, Optional.empty(), "gen-early", usd("0.1"));
        idleFor(ACCEPT_FOR);
        CallHold late = charges.hold(org, key, Optional.empty(), "gen-late", usd("0.1"));
        assertEquals(2, openHolds().size(), "a second lease: the first takes no more calls");

        // Retired, the first lease holds only its call's worst case. The replica dies here: neither call settles.
        // The leases expire like any hold and the sweeper releases them, only once the last call each took could no
        // longer be running.
        HoldSweeper sweeper = new HoldSweeper(ledger, clock);
        idleFor(HOLD_TIMEOUT.minusSeconds(1));
        sweeper.sweep();
        assertEquals(2, openHolds().size());
        idleFor(Duration.ofSeconds(2));
        sweeper.sweep();
        assertEquals(
                List.of(usd("0.8")),
                openHoldAmounts(),
                "the first lease (its early call's worst case) is gone, the second is left");
        idleFor(ACCEPT_FOR);
        sweeper.sweep();
        assertEquals(List.of(), openHolds());
        assertAmount("10", ledger.balance(credits).available());
        assertTrue(early.leased().isPresent() && late.leased().isPresent());
    }

    @Test
    void aFreeCallNeedsOnlyAPostedBalanceEvenWhileALeaseHoldsAllOfIt() {
        grant("0.2");
        CallHold paid = charges.hold(org, key, Optional.empty(), "gen-paid", usd("0.1"));
        charges.settle(paid, "openai", usd("0.05"), usd("0.1"));
        // The lease still holds 0.2 of the 0.1 left, but a call at no cost may go ahead.
        CallHold free = charges.hold(org, key, Optional.empty(), "gen-free", BigDecimal.ZERO);
        charges.settle(free, "free-provider", BigDecimal.ZERO, BigDecimal.ZERO);
        charges.settle(paid, "openai", usd("0.05"), usd("0.1")); // a retry moves nothing, in the ledger or the lease
        CallHold second = charges.hold(org, key, Optional.empty(), "gen-second", usd("0.1"));
        assertThrows(
                CreditsShortException.class,
                () -> charges.hold(org, key, Optional.empty(), "gen-third", usd("0.1")),
                "0.1 spent and 0.1 reserved out of 0.2");
        charges.release(second);
    }
}
