package dev.tollgate.billing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.FreshDatabase;
import dev.tollgate.billing.SettableClock;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.Settlement;
import dev.tollgate.billing.ledger.TransferRequest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls against a lease of credit settle through the journal: committed before the call returns, posted once, posted
 * before anything reads the ledger, and given back by the lease only once posted. Against a real PostgreSQL; the
 * poster of these charges waits an hour after a call, so that every posting a test sees was made by the reader that
 * needed it.
 */
class SettlementJournalTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private DataSource database;
    private Ledger ledger;
    private CallCharges charges;
    private UUID org;
    private UUID credits;

    @BeforeEach
    void freshLedger() {
        database = FreshDatabase.create();
        ledger = new Ledger(database);
        charges = new CallCharges(ledger, Duration.ofHours(1), clock, 8, Duration.ofMinutes(5), Duration.ofSeconds(2));
        charges.lingerJournal(Duration.ofHours(1));
        org = UUID.randomUUID();
        credits = ledger.account(AccountKind.ORG_CREDITS, org.toString());
        ledger.apply(new TransferRequest.Post(
                UUID.randomUUID(),
                ledger.account(AccountKind.GRANTS, AccountKind.PLATFORM),
                credits,
                usd("10"),
                "grant",
                Optional.empty()));
    }

    @AfterEach
    void stopPoster() {
        charges.stop();
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    private static void assertAmount(String expected, BigDecimal actual) {
        assertEquals(0, usd(expected).compareTo(actual), () -> "expected " + expected + ", was " + actual);
    }

    /** One number from the tables as they are, without posting the journal first. */
    private BigDecimal raw(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBigDecimal(1);
            }
        }
    }

    private long journaled() throws SQLException {
        // Calls with a post still journaled: a priced call journals one row per post.
        return raw("SELECT count(DISTINCT call) FROM ledger_journal_post").longValueExact();
    }

    private long usageTransfers() throws SQLException {
        return raw("SELECT count(*) FROM ledger_transfer WHERE code IN ('usage_cost', 'usage_margin')")
                .longValueExact();
    }

    private BigDecimal rawDebitsPosted() throws SQLException {
        return raw("SELECT debits_posted FROM ledger_account WHERE id = '" + credits + "'");
    }

    @Test
    void aLeasedCallsCostIsCommittedToTheJournalAndPostedOnceWhenTheBalanceIsRead() throws Exception {
        CallHold call = charges.hold(org, UUID.randomUUID(), Optional.empty(), "gen-1", usd("0.5"));
        assertTrue(call.leased().isPresent());

        charges.settle(call, "openai", usd("0.10"), usd("0.15"));
        assertEquals(1, journaled(), "the settlement is committed, in the journal");
        assertEquals(0, usageTransfers(), "and not posted yet");

        assertAmount("9.85", ledger.balance(credits).postedBalance());
        assertEquals(0, journaled());
        assertEquals(2, usageTransfers());

        // The same settlement journaled again (a retry after an unclear commit) moves no more money.
        ledger.journal(List.of(new Settlement(
                Optional.empty(),
                CallCharges.transferId("release", "gen-1"),
                List.of(new TransferRequest.Post(
                        CallCharges.transferId("cost", "gen-1"),
                        credits,
                        ledger.account(AccountKind.PROVIDER_PAYABLE, "openai"),
                        usd("0.10"),
                        CallCharges.COST,
                        Optional.of("gen-1"))))));
        assertAmount("9.85", ledger.balance(credits).postedBalance());
        assertEquals(2, usageTransfers());
        assertEquals(0, journaled());
    }

    @Test
    void aLeaseGivesCreditBackOnlyOnceWhatItsCallsSpentIsPosted() throws Exception {
        for (int i = 0; i < 3; i++) {
            CallHold call = charges.hold(org, UUID.randomUUID(), Optional.empty(), "gen-" + i, usd("0.5"));
            // Sold at cost: one post, to the provider, so that a row of the journal is a call.
            charges.settle(call, "openai", usd("0.20"), usd("0.20"));
        }
        assertEquals(3, journaled());
        assertAmount("0", rawDebitsPosted());

        // Not posted yet: the lease's hold (4.00) carries what its calls spent, never neither held nor posted, and
        // the roll does not post it (it would wait for the journal while the organisation's calls wait for it).
        assertEquals(0, charges.tickLeases());
        assertEquals(3, journaled());
        assertAmount("4", rawDebitsPending());

        // The poster posts one row: the next roll gives back what that call spent, and only that.
        assertEquals(1, ledger.applyJournal(1));
        assertEquals(1, charges.tickLeases());
        assertAmount("0.2", rawDebitsPosted());
        assertAmount("3.8", rawDebitsPending());

        assertEquals(2, ledger.applyJournal(Ledger.JOURNAL_BATCH));
        assertEquals(1, charges.tickLeases());
        assertEquals(0, journaled());
        assertAmount("0.6", rawDebitsPosted());
        assertAmount("3.4", rawDebitsPending());
    }

    @Test
    void aCallWhosePostsAreNotAllPostedYetGivesNothingBack() throws Exception {
        CallHold call = charges.hold(org, UUID.randomUUID(), Optional.empty(), "gen-halves", usd("0.5"));
        charges.settle(call, "openai", usd("0.10"), usd("0.15")); // the provider's cost, and the margin
        assertEquals(2, raw("SELECT count(*) FROM ledger_journal_post").intValueExact());

        // A pass may end between a call's two posts: the lease keeps the call's whole cost until both are posted.
        assertEquals(1, ledger.applyJournal(1));
        assertEquals(0, charges.tickLeases());
        assertEquals(1, journaled());
        assertAmount("4", rawDebitsPending());

        assertEquals(1, ledger.applyJournal(1));
        assertEquals(1, charges.tickLeases());
        assertAmount("0.15", rawDebitsPosted());
        assertAmount("3.85", rawDebitsPending());
    }

    private BigDecimal rawDebitsPending() throws SQLException {
        return raw("SELECT debits_pending FROM ledger_account WHERE id = '" + credits + "'");
    }

    /** A call's settlement for the journal: what it cost, to the provider. */
    private Settlement settlement(String generation) {
        return new Settlement(
                Optional.empty(),
                CallCharges.transferId("release", generation),
                List.of(new TransferRequest.Post(
                        CallCharges.transferId("cost", generation),
                        credits,
                        ledger.account(AccountKind.PROVIDER_PAYABLE, "openai"),
                        usd("0.01"),
                        CallCharges.COST,
                        Optional.of(generation))));
    }

    @Test
    void callsThatAreTooFarAheadOfThePosterWaitForIt() throws Exception {
        // This replica's poster waits an hour after a call, and its calls may be two calls ahead of it.
        SettlementJournal journal = new SettlementJournal(ledger, Duration.ofHours(1), 2, Duration.ofHours(1));
        Thread fourth = new Thread(() -> journal.write(settlement("gen-ahead-3")));
        try {
            for (int i = 0; i < 3; i++) {
                journal.write(settlement("gen-ahead-" + i)); // the third found two ahead, not more
            }
            assertEquals(3, journal.behind());

            fourth.start();
            Instant giveUp = Instant.now().plusSeconds(30);
            while (!waitsForThePoster(fourth)) {
                assertTrue(fourth.isAlive() && Instant.now().isBefore(giveUp), "the fourth call did not wait");
                Thread.sleep(10);
            }
            assertEquals(3, journaled(), "the fourth waits before it writes");
        } finally {
            // Stopping, the poster posts what is journaled, which lets the fourth go.
            journal.stop();
        }
        fourth.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(fourth.isAlive());
        assertEquals(1, journaled(), "the fourth's row, written once the poster caught up");
        assertEquals(1, journal.behind());
    }

    private static boolean waitsForThePoster(Thread writer) {
        return Arrays.stream(writer.getStackTrace())
                        .anyMatch(frame -> frame.getMethodName().equals("awaitPoster"))
                && writer.getState() == Thread.State.TIMED_WAITING;
    }

    @Test
    void aReaderPostsWhatWasJournaledBeforeItAndLeavesLaterRowsToThePoster() throws Exception {
        for (int i = 0; i < 2; i++) {
            CallHold call = charges.hold(org, UUID.randomUUID(), Optional.empty(), "gen-" + i, usd("0.5"));
            charges.settle(call, "openai", usd("0.10"), usd("0.15"));
        }
        // As if the second were written after the reader asked: under load, calls journal while a reader posts, and
        // a reader that went on posting their rows kept its caller (a lease's renewal) waiting for as long as they
        // came.
        try (Connection connection = database.getConnection();
                PreparedStatement later = connection.prepareStatement("UPDATE ledger_journal_post"
                        + " SET written_at = clock_timestamp() + interval '1 hour'"
                        + " WHERE call = (SELECT call FROM ledger_journal_post ORDER BY call LIMIT 1)")) {
            assertEquals(2, later.executeUpdate(), "the call's two posts");
        }

        assertAmount("9.85", ledger.balance(credits).postedBalance());
        assertEquals(1, journaled(), "the row written after the read is left");
        assertEquals(2, usageTransfers());

        // The poster takes every row, whenever written.
        assertEquals(2, ledger.applyJournal(Ledger.JOURNAL_BATCH));
        assertEquals(0, journaled());
        assertEquals(4, usageTransfers());
        assertAmount("0.3", rawDebitsPosted());
    }

    @Test
    void whatAKilledReplicaJournaledIsPostedByAnotherReplicasPoster() throws Exception {
        CallHold call = charges.hold(org, UUID.randomUUID(), Optional.empty(), "gen-dead", usd("0.5"));
        charges.settle(call, "openai", usd("0.10"), usd("0.15"));
        assertEquals(1, journaled());

        // Another replica's poster, woken by none of its own calls, looks at the journal anyway.
        SettlementJournal other = new SettlementJournal(ledger, Duration.ZERO);
        try {
            Instant giveUp = Instant.now().plusSeconds(30);
            while (journaled() > 0 && Instant.now().isBefore(giveUp)) {
                Thread.sleep(50);
            }
        } finally {
            other.stop();
        }
        assertEquals(0, journaled());
        assertEquals(2, usageTransfers());
        assertAmount("0.15", rawDebitsPosted());
    }
}
