package dev.tollgate.billing.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.FreshDatabase;
import dev.tollgate.billing.ledger.LedgerRefusedException.Reason;
import dev.tollgate.billing.ledger.TransferRequest.Hold;
import dev.tollgate.billing.ledger.TransferRequest.Post;
import dev.tollgate.billing.ledger.TransferRequest.PostHold;
import dev.tollgate.billing.ledger.TransferRequest.VoidHold;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The ledger against a real PostgreSQL, each test on a fresh database. */
class LedgerTest {

    private PGSimpleDataSource database;
    private Ledger ledger;
    private UUID grants;
    private UUID org;
    private UUID payable;
    private UUID margin;

    @BeforeEach
    void freshLedger() {
        database = FreshDatabase.create();
        ledger = new Ledger(database);
        grants = ledger.account(AccountKind.GRANTS, AccountKind.PLATFORM);
        org = ledger.account(AccountKind.ORG_CREDITS, "org-1");
        payable = ledger.account(AccountKind.PROVIDER_PAYABLE, "openai");
        margin = ledger.account(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM);
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    private Transfer grant(String amount) {
        return ledger.apply(new Post(UUID.randomUUID(), grants, org, usd(amount), "grant", Optional.empty()));
    }

    private Hold hold(String amount) {
        return new Hold(
                UUID.randomUUID(),
                org,
                margin,
                usd(amount),
                "call",
                Optional.of("gen-1"),
                Instant.now().plusSeconds(600));
    }

    @Test
    void anAccountIsOpenedOnceAndATransferMovesExactAmounts() {
        assertEquals(org, ledger.account(AccountKind.ORG_CREDITS, "org-1"));
        grant("10");
        ledger.apply(
                new Post(UUID.randomUUID(), org, payable, usd("0.000000000000000123"), "call", Optional.of("gen-1")));
        assertEquals(
                0, usd("9.999999999999999877").compareTo(ledger.balance(org).available()));
        assertEquals(
                0, usd("0.000000000000000123").compareTo(ledger.balance(payable).postedBalance()));
        assertEquals(0, usd("-10").compareTo(ledger.balance(grants).postedBalance()));
    }

    @Test
    void theSameIdTwiceIsOneTransferAndAnotherMovementUnderItIsRefused() {
        Post post = new Post(UUID.randomUUID(), grants, org, usd("5"), "grant", Optional.empty());
        Transfer first = ledger.apply(post);
        Transfer again = ledger.apply(post);
        assertEquals(first, again);
        assertEquals(0, usd("5").compareTo(ledger.balance(org).available()), "credited once");
        LedgerRefusedException reused = assertThrows(
                LedgerRefusedException.class,
                () -> ledger.apply(new Post(post.id(), grants, org, usd("6"), "grant", Optional.empty())));
        assertEquals(Reason.ID_REUSED, reused.reason());
    }

    @Test
    void organisationCreditsCannotBeOverdrawnAndARefusalChangesNothing() {
        grant("1");
        LedgerRefusedException refused = assertThrows(
                LedgerRefusedException.class,
                () -> ledger.apply(List.of(
                        new Post(UUID.randomUUID(), org, payable, usd("0.6"), "call", Optional.empty()),
                        new Post(UUID.randomUUID(), org, margin, usd("0.5"), "call", Optional.empty()))));
        assertEquals(Reason.OVERDRAFT, refused.reason());
        assertEquals(0, usd("1").compareTo(ledger.balance(org).available()), "neither of the linked transfers");
        assertEquals(0, ledger.balance(payable).postedBalance().signum());
    }

    @Test
    void aHoldReservesThenIsPostedOnceForAtMostItsAmount() {
        grant("1");
        Hold hold = hold("0.8");
        ledger.apply(hold);
        assertEquals(0, usd("0.2").compareTo(ledger.balance(org).available()));
        assertEquals(
                Reason.OVERDRAFT,
                assertThrows(LedgerRefusedException.class, () -> ledger.apply(hold("0.3")))
                        .reason(),
                "the hold counts against what is left");
        assertEquals(
                Reason.EXCEEDS_HOLD,
                assertThrows(
                                LedgerRefusedException.class,
                                () -> ledger.apply(new PostHold(UUID.randomUUID(), hold.id(), usd("0.9"))))
                        .reason());
        // Settlement: release the hold and post what the call cost, split between provider and margin, at once.
        ledger.apply(List.of(
                new VoidHold(UUID.randomUUID(), hold.id()),
                new Post(UUID.randomUUID(), org, payable, usd("0.3"), "call", Optional.of("gen-1")),
                new Post(UUID.randomUUID(), org, margin, usd("0.03"), "call", Optional.of("gen-1"))));
        assertEquals(0, usd("0.67").compareTo(ledger.balance(org).available()));
        assertEquals(0, ledger.balance(org).debitsPending().signum());
        assertEquals(
                Reason.HOLD_RESOLVED,
                assertThrows(
                                LedgerRefusedException.class,
                                () -> ledger.apply(new PostHold(UUID.randomUUID(), hold.id(), usd("0.1"))))
                        .reason());
    }

    @Test
    void aPostedHoldMovesWhatWasPostedAndReleasesTheRest() {
        grant("1");
        Hold hold = hold("0.8");
        ledger.apply(hold);
        PostHold post = new PostHold(UUID.randomUUID(), hold.id(), usd("0.25"));
        Transfer posted = ledger.apply(post);
        assertEquals(posted, ledger.apply(post), "a retried resolution is the same transfer");
        AccountBalance after = ledger.balance(org);
        assertEquals(0, usd("0.75").compareTo(after.available()));
        assertEquals(0, after.debitsPending().signum());
        assertEquals(0, usd("0.25").compareTo(ledger.balance(margin).postedBalance()));
        assertEquals(
                Reason.NO_SUCH_HOLD,
                assertThrows(
                                LedgerRefusedException.class,
                                () -> ledger.apply(new VoidHold(UUID.randomUUID(), UUID.randomUUID())))
                        .reason());
    }

    @Test
    void aHoldIsHeldAgainOnlyForLessThanItHeldAndARefusedRollChangesNothing() {
        grant("1");
        Hold hold = hold("0.8");
        ledger.apply(hold);
        Instant timeout = Instant.now().plusSeconds(600);
        Settlement tooMuch = new Settlement(
                Optional.of(hold.id()),
                UUID.randomUUID(),
                List.of(),
                Optional.of(new Settlement.Rehold(UUID.randomUUID(), usd("0.81"), timeout)));
        assertEquals(
                Reason.INVALID,
                assertThrows(LedgerRefusedException.class, () -> ledger.settle(List.of(tooMuch)))
                        .reason());
        assertEquals(0, usd("0.8").compareTo(ledger.balance(org).debitsPending()), "the hold is still held");

        UUID rehold = UUID.randomUUID();
        Settlement less = new Settlement(
                Optional.of(hold.id()),
                UUID.randomUUID(),
                List.of(),
                Optional.of(new Settlement.Rehold(rehold, usd("0.3"), timeout)));
        assertEquals(java.util.Set.of(rehold), ledger.settle(List.of(less)));
        assertEquals(0, usd("0.3").compareTo(ledger.balance(org).debitsPending()));
    }

    /**
     * Random sequences of grants, posts, holds, posted and voided holds: after each, debits equal credits over the
     * whole ledger, the organisation is never overdrawn, each hold is resolved at most once, and every account's sums
     * equal what its transfers add up to.
     */
    @Test
    void randomSequencesKeepEveryInvariant() throws Exception {
        SplittableRandom random = new SplittableRandom(20261121);
        List<UUID> openHolds = new ArrayList<>();
        int refused = 0;
        for (int step = 0; step < 400; step++) {
            String amount = BigDecimal.valueOf(random.nextInt(1, 300_000), 6).toPlainString();
            try {
                switch (random.nextInt(6)) {
                    case 0 -> grant(amount);
                    case 1 ->
                        ledger.apply(new Post(
                                UUID.randomUUID(),
                                org,
                                random.nextBoolean() ? payable : margin,
                                usd(amount),
                                "call",
                                Optional.empty()));
                    case 2, 3 -> {
                        Hold hold = hold(amount);
                        ledger.apply(hold);
                        openHolds.add(hold.id());
                    }
                    default -> {
                        if (openHolds.isEmpty()) {
                            continue;
                        }
                        UUID hold = openHolds.get(random.nextInt(openHolds.size()));
                        if (random.nextBoolean()) {
                            BigDecimal held =
                                    ledger.transfer(hold).orElseThrow().amount();
                            ledger.apply(new PostHold(
                                    UUID.randomUUID(),
                                    hold,
                                    held.multiply(BigDecimal.valueOf(random.nextInt(101), 2))));
                        } else {
                            ledger.apply(new VoidHold(UUID.randomUUID(), hold));
                        }
                        if (random.nextInt(4) > 0) {
                            openHolds.remove(hold); // sometimes keep it, to try resolving it twice
                        }
                    }
                }
            } catch (LedgerRefusedException e) {
                refused++;
                assertTrue(e.reason() == Reason.OVERDRAFT || e.reason() == Reason.HOLD_RESOLVED, e.reason() + ": " + e);
            }
            assertInvariants();
        }
        assertTrue(refused > 10, "the sequence tried overdrafts and double resolutions: " + refused);
    }

    private void assertInvariants() throws Exception {
        List<AccountBalance> accounts = ledger.accounts();
        BigDecimal debits =
                accounts.stream().map(AccountBalance::debitsPosted).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal credits =
                accounts.stream().map(AccountBalance::creditsPosted).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, debits.compareTo(credits), "debits equal credits");
        assertTrue(ledger.balance(org).available().signum() >= 0, "never overdrawn");
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet twice = statement.executeQuery(
                    "SELECT count(*) FROM (SELECT pending_id FROM ledger_transfer WHERE pending_id IS NOT NULL"
                            + " GROUP BY pending_id HAVING count(*) > 1) resolved_twice")) {
                twice.next();
                assertEquals(0, twice.getInt(1), "a hold resolves once");
            }
            // Posted sums recomputed from the transfers themselves.
            try (ResultSet drift = statement.executeQuery("SELECT count(*) FROM ledger_account a WHERE"
                    + " a.debits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t"
                    + "   WHERE t.debit_account = a.id AND t.state = 'posted')"
                    + " OR a.credits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t"
                    + "   WHERE t.credit_account = a.id AND t.state = 'posted')"
                    + " OR a.debits_pending <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t"
                    + "   WHERE t.debit_account = a.id AND t.state = 'pending'"
                    + "   AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = t.id))")) {
                drift.next();
                assertEquals(0, drift.getInt(1), "running sums equal the transfers");
            }
            // What the foreign keys checked row by row, the ledger's functions check once per group (Liquibase 0030).
            try (ResultSet nowhere = statement.executeQuery("SELECT count(*) FROM ledger_transfer t"
                    + " WHERE NOT EXISTS (SELECT 1 FROM ledger_account a WHERE a.id = t.debit_account)"
                    + " OR NOT EXISTS (SELECT 1 FROM ledger_account a WHERE a.id = t.credit_account)")) {
                nowhere.next();
                assertEquals(0, nowhere.getInt(1), "every transfer is between accounts that exist");
            }
        }
    }

    @Test
    void concurrentHoldsNeverSpendMoreThanTheBalance() throws Exception {
        grant("10");
        AtomicInteger held = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(callers.submit(() -> {
                    try {
                        ledger.apply(hold("1"));
                        held.incrementAndGet();
                    } catch (LedgerRefusedException e) {
                        assertEquals(Reason.OVERDRAFT, e.reason());
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
        assertEquals(10, held.get(), "exactly what the balance covers");
        assertEquals(190, refused.get());
        assertEquals(0, ledger.balance(org).available().signum());
        assertInvariants();
    }

    @Test
    void onlyWhatIsOwedAnywayMayTakeCreditsBelowZero() {
        grant("1");
        ledger.apply(new Post(
                UUID.randomUUID(), org, payable, usd("1.5"), "usage_cost", Optional.empty(), Optional.empty(), true));
        assertEquals(0, usd("-0.5").compareTo(ledger.balance(org).available()));
        assertEquals(
                Reason.OVERDRAFT,
                assertThrows(LedgerRefusedException.class, () -> ledger.apply(hold("0.01")))
                        .reason());
        assertEquals(
                Reason.OVERDRAFT,
                assertThrows(
                                LedgerRefusedException.class,
                                () -> ledger.apply(new Post(
                                        UUID.randomUUID(), org, margin, usd("0.01"), "call", Optional.empty())))
                        .reason());
        grant("2");
        assertEquals(0, usd("1.5").compareTo(ledger.balance(org).available()), "a top-up pays the debt first");
    }

    @Test
    void aKeysCapHoldsAgainstConcurrentHoldsAndCountsItsPostsAndOpenHolds() throws Exception {
        grant("100");
        UUID key = UUID.randomUUID();
        Instant since = Instant.now().minusSeconds(60);
        TransferRequest.SpendCap cap = new TransferRequest.SpendCap(key, since, usd("3"));
        AtomicInteger held = new AtomicInteger();
        List<UUID> holds = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(callers.submit(() -> {
                    Hold hold = new Hold(
                            UUID.randomUUID(),
                            org,
                            margin,
                            usd("0.5"),
                            "usage_hold",
                            Optional.empty(),
                            Instant.now().plusSeconds(600),
                            Optional.of(key),
                            Optional.of(cap));
                    try {
                        ledger.apply(hold);
                        holds.add(hold.id());
                        held.incrementAndGet();
                    } catch (LedgerRefusedException e) {
                        assertEquals(Reason.KEY_LIMIT, e.reason());
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(6, held.get(), "3 USD of 0.5 holds");
        assertEquals(0, usd("3").compareTo(ledger.keyCommitted(key, since)));
        // A settled call: its hold released, its cost posted under the key.
        ledger.apply(List.of(
                new VoidHold(UUID.randomUUID(), holds.get(0)),
                new Post(
                        UUID.randomUUID(),
                        org,
                        payable,
                        usd("0.2"),
                        "usage_cost",
                        Optional.empty(),
                        Optional.of(key),
                        true)));
        assertEquals(0, usd("2.7").compareTo(ledger.keyCommitted(key, since)));
        assertEquals(
                0, usd("0.2").compareTo(ledger.keySpend(key, List.of(since)).get(0)));
        assertEquals(
                0,
                ledger.keySpend(key, List.of(Instant.now().plusSeconds(60)))
                        .get(0)
                        .signum());
        UUID idle = UUID.randomUUID();
        Map<UUID, List<BigDecimal>> both = ledger.keysSpend(List.of(key, idle), List.of(since, Instant.EPOCH));
        assertEquals(0, usd("0.2").compareTo(both.get(key).get(0)));
        assertEquals(0, usd("0.2").compareTo(both.get(key).get(1)));
        assertEquals(List.of(BigDecimal.ZERO, BigDecimal.ZERO), both.get(idle), "a key that never spent has zeros");
        assertInvariants();
    }

    @Test
    void moneyIsNeverMovedToAnAccountThatDoesNotExistWhicheverWayItIsWritten() throws Exception {
        grant("10");
        UUID nowhere = UUID.randomUUID();
        assertEquals(
                Reason.INVALID,
                assertThrows(
                                LedgerRefusedException.class,
                                () -> ledger.apply(
                                        new Post(UUID.randomUUID(), org, nowhere, usd("1"), "call", Optional.empty())))
                        .reason());
        Post lost = new Post(
                UUID.randomUUID(), org, nowhere, usd("1"), "usage_cost", Optional.of("gen-1"), Optional.empty(), true);
        Post fine = new Post(UUID.randomUUID(), org, payable, usd("1"), "usage_cost", Optional.of("gen-2"));
        assertEquals(
                Reason.INVALID,
                assertThrows(
                                LedgerRefusedException.class,
                                () -> ledger.settle(List.of(
                                        new Settlement(Optional.empty(), UUID.randomUUID(), List.of(fine)),
                                        new Settlement(Optional.empty(), UUID.randomUUID(), List.of(lost)))))
                        .reason(),
                "the whole group is refused, not only the post that goes nowhere");

        // Journaled, it is refused when posted: the journal keeps it (and what was posted with it) for an operator.
        ledger.journal(List.of(new Settlement(Optional.empty(), UUID.randomUUID(), List.of(lost))));
        assertThrows(IllegalStateException.class, () -> ledger.applyJournal(Ledger.JOURNAL_BATCH));
        assertEquals(0, usd("10").compareTo(ledger.balanceAsPosted(org).postedBalance()));
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet kept = statement.executeQuery("SELECT count(*) FROM ledger_journal_post")) {
            kept.next();
            assertEquals(1, kept.getInt(1));
        }
    }

    @Test
    void settlementsTheVersionBeforeJournaledAsJsonArePostedToo() throws Exception {
        grant("10");
        // A row as a replica of the version before writes it during a rolling upgrade (Liquibase 0028).
        UUID release = UUID.randomUUID();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO ledger_journal (id, settlement) VALUES ('" + release + "', '"
                    + "{\"release\":\"" + release + "\",\"posts\":[{\"id\":\"" + UUID.randomUUID()
                    + "\",\"debit\":\"" + org + "\",\"credit\":\"" + payable
                    + "\",\"amount\":\"0.25\",\"code\":\"usage_cost\",\"reference\":\"gen-old\"}]}')");
        }
        ledger.journal(List.of(new Settlement(
                Optional.empty(),
                UUID.randomUUID(),
                List.of(new Post(
                        UUID.randomUUID(), org, margin, usd("0.5"), "usage_margin", Optional.of("gen-new"))))));

        assertEquals(2, ledger.applyJournal(Ledger.JOURNAL_BATCH), "one row of each form");
        assertEquals(0, usd("9.25").compareTo(ledger.balanceAsPosted(org).postedBalance()));
        assertEquals(0, ledger.applyJournal(Ledger.JOURNAL_BATCH));
        assertInvariants();
    }

    @Test
    void aPosterPostsTheCallsItNamesAndOnlyThose() throws Exception {
        grant("10");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        ledger.journal(List.of(
                new Settlement(
                        Optional.empty(),
                        first,
                        List.of(
                                new Post(UUID.randomUUID(), org, payable, usd("1"), "usage_cost", Optional.of("g1")),
                                new Post(
                                        UUID.randomUUID(),
                                        org,
                                        margin,
                                        usd("0.1"),
                                        "usage_margin",
                                        Optional.of("g1")))),
                new Settlement(
                        Optional.empty(),
                        second,
                        List.of(new Post(
                                UUID.randomUUID(), org, payable, usd("2"), "usage_cost", Optional.of("g2"))))));

        assertEquals(2, ledger.applyJournal(List.of(first, UUID.randomUUID())), "both posts of the first call");
        assertEquals(0, usd("8.9").compareTo(ledger.balanceAsPosted(org).postedBalance()));
        assertEquals(Set.of(second), ledger.stillJournaled(List.of(first, second)));
        assertEquals(0, ledger.applyJournal(List.of(first)), "posted once");
        assertEquals(1, ledger.applyJournal(List.of(second)));
        assertEquals(0, usd("6.9").compareTo(ledger.balanceAsPosted(org).postedBalance()));
        assertInvariants();
    }
}
