package dev.tollgate.billing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.billing.FreshDatabase;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.LedgerRefusedException;
import dev.tollgate.billing.ledger.LedgerRefusedException.Reason;
import dev.tollgate.billing.ledger.Settlement;
import dev.tollgate.billing.ledger.TransferRequest;
import java.math.BigDecimal;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Settlements that arrive while one is being written go in together, in one statement, and each caller returns only
 * once its own is committed. The writer is held busy on purpose (a latch in the first statement), so the groups are
 * the same on every run.
 */
class GroupCommitTest {

    private final List<Integer> groups = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstMayFinish = new CountDownLatch(1);
    private Ledger ledger;
    private UUID credits;
    private UUID payable;

    @BeforeEach
    void freshLedger() throws Exception {
        DataSource database = FreshDatabase.create();
        ledger = new Ledger(database) {
            @Override
            public Set<UUID> settle(List<Settlement> settlements) {
                counted(settlements.size());
                return super.settle(settlements);
            }

            @Override
            public List<Optional<LedgerRefusedException>> hold(List<TransferRequest.Hold> holds) {
                counted(holds.size());
                return super.hold(holds);
            }
        };
        credits = ledger.account(AccountKind.ORG_CREDITS, UUID.randomUUID().toString());
        payable = ledger.account(AccountKind.PROVIDER_PAYABLE, "openai");
        ledger.apply(new TransferRequest.Post(
                UUID.randomUUID(),
                ledger.account(AccountKind.GRANTS, AccountKind.PLATFORM),
                credits,
                new BigDecimal("10"),
                "grant",
                Optional.empty()));
    }

    /** Notes a statement's group, and keeps the first statement waiting until the test lets it finish. */
    private void counted(int size) {
        boolean first = groups.isEmpty();
        groups.add(size);
        if (first) {
            try {
                firstMayFinish.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Settlement call(String generation, String cost) {
        UUID hold = UUID.nameUUIDFromBytes(("hold:" + generation).getBytes());
        ledger.apply(new TransferRequest.Hold(
                hold,
                credits,
                payable,
                new BigDecimal("0.5"),
                CallCharges.HOLD,
                Optional.of(generation),
                Instant.now().plusSeconds(3600)));
        return new Settlement(
                Optional.of(hold),
                UUID.nameUUIDFromBytes(("release:" + generation).getBytes()),
                List.of(new TransferRequest.Post(
                        UUID.nameUUIDFromBytes(("cost:" + generation).getBytes()),
                        credits,
                        payable,
                        new BigDecimal(cost),
                        CallCharges.COST,
                        Optional.of(generation),
                        Optional.empty(),
                        true)));
    }

    /** Each request on a thread of its own, as request threads write them; its outcome, or what it threw. */
    private static final class Caller<R, O> extends Thread {
        private final GroupCommit<R, O> writer;
        private final R request;
        volatile O outcome;
        volatile RuntimeException failure;

        Caller(GroupCommit<R, O> writer, R request) {
            this.writer = writer;
            this.request = request;
        }

        @Override
        public void run() {
            try {
                outcome = writer.write(request);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }

    /** Starts the first caller, waits until it writes, then queues the others behind it and lets it finish. */
    private <R, O> List<Caller<R, O>> writeWhileTheFirstIsWritten(GroupCommit<R, O> writer, List<R> requests)
            throws InterruptedException {
        List<Caller<R, O>> callers = new ArrayList<>();
        for (R request : requests) {
            callers.add(new Caller<>(writer, request));
        }
        callers.get(0).start();
        while (groups.isEmpty()) {
            Thread.sleep(5);
        }
        // One at a time, each queued and asleep until the writer is free before the next starts: the queue's order
        // is the list's.
        for (Caller<R, O> caller : callers.subList(1, callers.size())) {
            caller.start();
            while (caller.getState() != Thread.State.TIMED_WAITING && caller.isAlive()) {
                Thread.sleep(5);
            }
        }
        firstMayFinish.countDown();
        for (Caller<R, O> caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(30));
        }
        return callers;
    }

    @Test
    void callsThatFinishWhileOneIsWrittenGoInTogetherEachOnce() throws Exception {
        GroupCommit<Settlement, Void> writer = CallCharges.settling(ledger);
        List<Settlement> settlements = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            settlements.add(call("gen-" + i, "0.25"));
        }
        groups.clear();

        List<Caller<Settlement, Void>> callers = writeWhileTheFirstIsWritten(writer, settlements);

        assertEquals(List.of(1, 10), groups);
        callers.forEach(caller -> assertNull(caller.failure));
        assertEquals(0, new BigDecimal("2.75").compareTo(ledger.balance(payable).postedBalance()));
        assertEquals(0, ledger.balance(credits).debitsPending().signum(), "every hold released");
        assertEquals(0, new BigDecimal("7.25").compareTo(ledger.balance(credits).available()));
    }

    @Test
    void aBadSettlementFailsAloneAndTheOthersOfItsGroupAreWritten() throws Exception {
        GroupCommit<Settlement, Void> writer = CallCharges.settling(ledger);
        List<Settlement> settlements = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            settlements.add(call("gen-" + i, i == 3 ? "-1" : "0.25"));
        }
        groups.clear();

        List<Caller<Settlement, Void>> callers = writeWhileTheFirstIsWritten(writer, settlements);

        // The group of four fails on the bad one; each is then written alone.
        assertEquals(List.of(1, 4, 1, 1, 1, 1), groups);
        LedgerRefusedException refused = assertInstanceOf(LedgerRefusedException.class, callers.get(3).failure);
        assertEquals(Reason.INVALID, refused.reason());
        for (int i : List.of(0, 1, 2, 4)) {
            assertNull(callers.get(i).failure);
        }
        assertEquals(0, new BigDecimal("1").compareTo(ledger.balance(payable).postedBalance()));
        assertEquals(0, new BigDecimal("0.5").compareTo(ledger.balance(credits).debitsPending()), "the bad one's hold");
    }

    @Test
    void withTheDatabaseAwayAGroupFailsAtOnceNotOneConnectionTimeoutPerRequest() throws Exception {
        GroupCommit<String, Void> writer = new GroupCommit<>(group -> {
            counted(group.size());
            throw new IllegalStateException(
                    "settle", new SQLTransientConnectionException("tollgate - Connection is not available"));
        });
        groups.clear();

        List<Caller<String, Void>> callers = writeWhileTheFirstIsWritten(writer, List.of("a", "b", "c", "d", "e"));

        // The group of four is tried once: each alone would have waited for a connection in turn.
        assertEquals(List.of(1, 4), groups);
        callers.forEach(caller -> assertInstanceOf(IllegalStateException.class, caller.failure));
    }

    @Test
    void holdsQueuedTogetherAreCheckedInOrderAndOnlyThoseThatBreakARuleAreRefused() throws Exception {
        GroupCommit<TransferRequest.Hold, Optional<LedgerRefusedException>> writer = new GroupCommit<>(ledger::hold);
        UUID key = UUID.randomUUID();
        TransferRequest.SpendCap cap = new TransferRequest.SpendCap(key, Instant.EPOCH, new BigDecimal("1"));
        List<TransferRequest.Hold> holds = List.of(
                hold("first", "1", Optional.empty()), // alone: 9 left
                hold("a", "4", Optional.empty()), // 5 left
                hold("b", "3", Optional.empty()), // 2 left
                hold("c", "3", Optional.empty()), // refused: only 2 left after a and b
                hold("d", "0.6", Optional.of(cap)), // the key's first 0.6 of its 1
                hold("e", "0.6", Optional.of(cap)), // refused: with d, past the key's limit
                hold("f", "1", Optional.empty())); // 0.4 left

        List<Caller<TransferRequest.Hold, Optional<LedgerRefusedException>>> callers =
                writeWhileTheFirstIsWritten(writer, holds);

        assertEquals(List.of(1, 6), groups);
        List<Optional<Reason>> outcomes = callers.stream()
                .map(caller -> caller.outcome.map(LedgerRefusedException::reason))
                .toList();
        assertEquals(
                List.of(
                        Optional.<Reason>empty(),
                        Optional.<Reason>empty(),
                        Optional.<Reason>empty(),
                        Optional.of(Reason.OVERDRAFT),
                        Optional.<Reason>empty(),
                        Optional.of(Reason.KEY_LIMIT),
                        Optional.<Reason>empty()),
                outcomes);
        assertEquals(0, new BigDecimal("9.6").compareTo(ledger.balance(credits).debitsPending()));
        assertEquals(0, new BigDecimal("0.4").compareTo(ledger.balance(credits).available()));
        // The same hold again is a retry: nothing more is reserved.
        assertEquals(Optional.empty(), writer.write(holds.get(1)));
        assertEquals(0, new BigDecimal("9.6").compareTo(ledger.balance(credits).debitsPending()));
    }

    private TransferRequest.Hold hold(String generation, String amount, Optional<TransferRequest.SpendCap> cap) {
        return new TransferRequest.Hold(
                UUID.nameUUIDFromBytes(("hold:" + generation).getBytes()),
                credits,
                payable,
                new BigDecimal(amount),
                CallCharges.HOLD,
                Optional.of(generation),
                Instant.now().plusSeconds(3600),
                cap.map(TransferRequest.SpendCap::apiKey),
                cap);
    }

    @Test
    void theSameSettlementTwiceInAGroupOrAgainLaterMovesMoneyOnce() {
        firstMayFinish.countDown();
        Settlement settlement = call("gen-twice", "0.25");

        ledger.settle(List.of(settlement, settlement));
        ledger.settle(List.of(settlement));

        assertEquals(0, new BigDecimal("0.25").compareTo(ledger.balance(payable).postedBalance()));
        assertEquals(0, ledger.balance(credits).debitsPending().signum());
        assertEquals(0, new BigDecimal("9.75").compareTo(ledger.balance(credits).available()));
    }
}
