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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
class SettlementWriterTest {

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
            public void settle(List<Settlement> settlements) {
                boolean first = groups.isEmpty();
                groups.add(settlements.size());
                if (first) {
                    try {
                        firstMayFinish.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.settle(settlements);
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

    /** Each settlement on a thread of its own, as request threads settle; what each one threw, or null. */
    private final class Caller extends Thread {
        private final SettlementWriter writer;
        private final Settlement settlement;
        volatile RuntimeException failure;

        Caller(SettlementWriter writer, Settlement settlement) {
            this.writer = writer;
            this.settlement = settlement;
        }

        @Override
        public void run() {
            try {
                writer.write(settlement);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }

    /** Starts the first caller, waits until it writes, then queues the others behind it and lets it finish. */
    private List<Caller> settleWhileTheFirstIsWritten(SettlementWriter writer, List<Settlement> settlements)
            throws InterruptedException {
        List<Caller> callers = new ArrayList<>();
        for (Settlement settlement : settlements) {
            callers.add(new Caller(writer, settlement));
        }
        callers.get(0).start();
        while (groups.isEmpty()) {
            Thread.sleep(5);
        }
        for (Caller caller : callers.subList(1, callers.size())) {
            caller.start();
        }
        for (Caller caller : callers.subList(1, callers.size())) {
            // Queued, and asleep until the writer is free.
            while (caller.getState() != Thread.State.TIMED_WAITING && caller.isAlive()) {
                Thread.sleep(5);
            }
        }
        firstMayFinish.countDown();
        for (Caller caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(30));
        }
        return callers;
    }

    @Test
    void callsThatFinishWhileOneIsWrittenGoInTogetherEachOnce() throws Exception {
        SettlementWriter writer = new SettlementWriter(ledger);
        List<Settlement> settlements = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            settlements.add(call("gen-" + i, "0.25"));
        }

        List<Caller> callers = settleWhileTheFirstIsWritten(writer, settlements);

        assertEquals(List.of(1, 10), groups);
        callers.forEach(caller -> assertNull(caller.failure));
        assertEquals(0, new BigDecimal("2.75").compareTo(ledger.balance(payable).postedBalance()));
        assertEquals(0, ledger.balance(credits).debitsPending().signum(), "every hold released");
        assertEquals(0, new BigDecimal("7.25").compareTo(ledger.balance(credits).available()));
    }

    @Test
    void aBadSettlementFailsAloneAndTheOthersOfItsGroupAreWritten() throws Exception {
        SettlementWriter writer = new SettlementWriter(ledger);
        List<Settlement> settlements = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            settlements.add(call("gen-" + i, i == 3 ? "-1" : "0.25"));
        }

        List<Caller> callers = settleWhileTheFirstIsWritten(writer, settlements);

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
