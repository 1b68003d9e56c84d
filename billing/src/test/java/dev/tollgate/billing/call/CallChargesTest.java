package dev.tollgate.billing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.FreshDatabase;
import dev.tollgate.billing.SettableClock;
import dev.tollgate.billing.call.CreditsShortException.Shortfall;
import dev.tollgate.billing.ledger.AccountBalance;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.TransferRequest;
import dev.tollgate.billing.ledger.TransferRequest.SpendCap;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holds and settlements of calls against a real PostgreSQL, each test on a fresh database. */
class CallChargesTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private Ledger ledger;
    private CallCharges charges;
    private UUID org;
    private UUID key;
    private UUID credits;

    @BeforeEach
    void freshLedger() throws Exception {
        ledger = new Ledger(FreshDatabase.create());
        charges = new CallCharges(ledger, Duration.ofMinutes(60), clock);
        org = UUID.randomUUID();
        key = UUID.randomUUID();
        credits = ledger.account(AccountKind.ORG_CREDITS, org.toString());
    }

    private static final BigDecimal ZERO = BigDecimal.ZERO;

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

    private BigDecimal posted(AccountKind kind, String owner) {
        return ledger.balance(ledger.account(kind, owner)).postedBalance();
    }

    private static void assertAmount(String expected, BigDecimal actual) {
        assertEquals(0, usd(expected).compareTo(actual), () -> "expected " + expected + ", was " + actual);
    }

    @Test
    void aSettledCallPaysTheProviderItsCostAndThePlatformTheRestOnce() {
        grant("1");
        CallHold hold = charges.hold(org, key, Optional.empty(), "gen-1", usd("0.5"));
        assertAmount("0.5", ledger.balance(credits).available());
        charges.settle(hold, "openai", usd("0.000123"), usd("0.0001353"));
        charges.settle(hold, "openai", usd("0.000123"), usd("0.0001353")); // a retry moves nothing more
        AccountBalance after = ledger.balance(credits);
        assertAmount("0.9998647", after.available());
        assertAmount("0", after.debitsPending());
        assertAmount("0.000123", posted(AccountKind.PROVIDER_PAYABLE, "openai"));
        assertAmount("0.0000123", posted(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM));
        assertAmount("0.0001353", ledger.keySpend(key, List.of(Instant.EPOCH)).get(0));
    }

    @Test
    void aReleasedCallCostsNothing() {
        grant("1");
        CallHold hold = charges.hold(org, key, Optional.empty(), "gen-2", usd("0.7"));
        charges.release(hold);
        charges.release(hold);
        assertAmount("1", ledger.balance(credits).available());
        assertAmount("0", ledger.keySpend(key, List.of(Instant.EPOCH)).get(0));
    }

    @Test
    void aWorstCaseBeyondTheBalanceIsRefusedWithWhatIsAffordable() {
        grant("0.25");
        CreditsShortException refused = assertThrows(
                CreditsShortException.class, () -> charges.hold(org, key, Optional.empty(), "gen-3", usd("0.3")));
        assertEquals(Shortfall.WORST_CASE_UNAFFORDABLE, refused.shortfall());
        assertAmount("0.25", refused.affordable());
        assertAmount("0.25", ledger.balance(credits).available());
    }

    @Test
    void noBalanceRefusesEvenFreeCallsAndAnOverrunLeavesNone() {
        assertEquals(
                Shortfall.NO_CREDITS,
                assertThrows(
                                CreditsShortException.class,
                                () -> charges.hold(org, key, Optional.empty(), "gen-4", BigDecimal.ZERO))
                        .shortfall());
        grant("0.1");
        CallHold free = charges.hold(org, key, Optional.empty(), "gen-5", BigDecimal.ZERO);
        charges.settle(free, "free-provider", BigDecimal.ZERO, BigDecimal.ZERO);
        CallHold paid = charges.hold(org, key, Optional.empty(), "gen-6", usd("0.1"));
        // The provider counted more tokens than the hold allowed for: the answer is owed all the same.
        charges.settle(paid, "openai", usd("0.1"), usd("0.11"));
        assertAmount("-0.01", ledger.balance(credits).available());
        assertEquals(
                Shortfall.NO_CREDITS,
                assertThrows(
                                CreditsShortException.class,
                                () -> charges.hold(org, key, Optional.empty(), "gen-7", BigDecimal.ZERO))
                        .shortfall());
    }

    @Test
    void aPositiveBalanceIsBelievedForASecondByFreeCallsUnlessThisReplicaSpent() {
        grant("0.1");
        charges.settle(charges.hold(org, key, Optional.empty(), "gen-free-1", BigDecimal.ZERO), "free", ZERO, ZERO);
        // Another replica spends the last credit (and more): this one still believes the balance it read...
        CallCharges otherReplica = new CallCharges(ledger, Duration.ofMinutes(60), clock);
        otherReplica.settle(
                otherReplica.hold(org, key, Optional.empty(), "gen-paid-1", usd("0.1")),
                "openai",
                usd("0.1"),
                usd("0.12"));
        charges.settle(charges.hold(org, key, Optional.empty(), "gen-free-2", BigDecimal.ZERO), "free", ZERO, ZERO);
        // ...until the second is over, and then reads it again.
        clock.advance(CallCharges.POSITIVE_BALANCE_BELIEVED_FOR);
        assertEquals(
                Shortfall.NO_CREDITS,
                assertThrows(
                                CreditsShortException.class,
                                () -> charges.hold(org, key, Optional.empty(), "gen-free-3", BigDecimal.ZERO))
                        .shortfall());
        // The other replica spent it, so it knew at once; and no free call moved any money.
        assertThrows(
                CreditsShortException.class,
                () -> otherReplica.hold(org, key, Optional.empty(), "gen-free-4", BigDecimal.ZERO));
        assertAmount("-0.02", ledger.balance(credits).postedBalance());
    }

    @Test
    void aKeysLimitRefusesWithWhatIsLeftAndThen403() {
        grant("10");
        Optional<SpendCap> cap = Optional.of(new SpendCap(key, Instant.parse("2026-11-22T00:00:00Z"), usd("1")));
        CallHold first = charges.hold(org, key, cap, "gen-8", usd("0.6"));
        CreditsShortException partly =
                assertThrows(CreditsShortException.class, () -> charges.hold(org, key, cap, "gen-9", usd("0.6")));
        assertEquals(Shortfall.WORST_CASE_UNAFFORDABLE, partly.shortfall());
        assertAmount("0.4", partly.affordable());
        charges.settle(first, "openai", usd("0.9"), usd("1"));
        CreditsShortException spent =
                assertThrows(CreditsShortException.class, () -> charges.hold(org, key, cap, "gen-10", BigDecimal.ZERO));
        assertEquals(Shortfall.KEY_LIMIT_REACHED, spent.shortfall());
        // Another key of the same organisation is not limited by this one's spend.
        charges.hold(org, UUID.randomUUID(), Optional.empty(), "gen-11", usd("0.6"));
    }

    @Test
    void aNegativeMarginIsPaidByThePlatform() {
        grant("1");
        CallHold hold = charges.hold(org, key, Optional.empty(), "gen-12", usd("0.5"));
        charges.settle(hold, "openai", usd("0.2"), usd("0.15"));
        assertAmount("0.85", ledger.balance(credits).available());
        assertAmount("0.2", posted(AccountKind.PROVIDER_PAYABLE, "openai"));
        assertAmount("-0.05", posted(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM));
    }

    /**
     * A replica killed mid-call never settles: its hold expires and the sweeper releases it, once, however many
     * sweepers run. Should the call still settle after that, its cost is posted all the same, once.
     */
    @Test
    void expiredHoldsAreReleasedOnceAndALateSettlementStillPosts() {
        grant("1");
        CallHold cutOff = charges.hold(org, key, Optional.empty(), "gen-13", usd("0.4"));
        CallHold late = charges.hold(org, key, Optional.empty(), "gen-14", usd("0.4"));
        HoldSweeper sweeper = new HoldSweeper(ledger, clock);
        assertEquals(0, sweeper.sweep(), "nothing has expired yet");
        clock.advance(Duration.ofMinutes(61));
        assertEquals(2, sweeper.sweep() + new HoldSweeper(ledger, clock).sweep());
        assertEquals(0, sweeper.sweep());
        assertAmount("1", ledger.balance(credits).available());
        charges.settle(late, "openai", usd("0.1"), usd("0.11"));
        charges.settle(late, "openai", usd("0.1"), usd("0.11"));
        charges.release(cutOff);
        assertAmount("0.89", ledger.balance(credits).available());
        assertAmount("0", ledger.balance(credits).debitsPending());
    }

    /** 200 calls at once against credit for about 10 of them: the organisation never spends more than it has. */
    @Test
    void concurrentCallsSpendAtMostTheBalance() throws Exception {
        grant("1");
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String generation = "gen-many-" + i;
                calls.add(callers.submit(() -> {
                    try {
                        CallHold hold = charges.hold(org, key, Optional.empty(), generation, usd("0.1"));
                        charges.settle(hold, "openai", usd("0.08"), usd("0.1"));
                        answered.incrementAndGet();
                    } catch (CreditsShortException e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(10, answered.get());
        assertEquals(190, refused.get());
        assertAmount("0", ledger.balance(credits).available());
        assertTrue(ledger.balance(credits).debitsPending().signum() == 0);
        assertAmount("0.8", posted(AccountKind.PROVIDER_PAYABLE, "openai"));
        assertAmount("0.2", posted(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM));
    }
}
