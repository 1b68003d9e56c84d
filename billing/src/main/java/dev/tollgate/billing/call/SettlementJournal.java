package dev.tollgate.billing.call;

import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.Settlement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The settlements of calls against a lease of credit: each written as one narrow row of the ledger's journal, in
 * groups ({@link GroupCommit}), and committed before the call's cost is told; posted to the accounts behind the calls
 * by a thread of this replica, many rows per transaction (docs/decisions.md, "A call's settlement is journaled, and
 * posted behind it").
 *
 * <p>Nothing reads a posting the journal still owes: every read of the ledger that must be the whole truth (a
 * balance, a lease rolled, the sweeper of expired holds) posts what is journaled first ({@link
 * Ledger#applyJournal()}). The credit other replicas see available is right meanwhile: what a leased call spent lies
 * within its lease's hold until the lease is rolled, and a roll posts the journal first. Rows a dead replica left are
 * posted by any other replica's poster, and by its own when it starts again.
 */
final class SettlementJournal {

    private static final Logger LOG = Logger.getLogger(SettlementJournal.class.getName());

    /** How often the poster looks at the journal when no call of this replica woke it (rows of other replicas). */
    private static final long IDLE_LOOK_MILLIS = 1000;

    private final Ledger ledger;
    private final GroupCommit<Settlement, Void> rows;
    private final long lingerMillis;
    private final Semaphore written = new Semaphore(0);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread poster;
    private volatile boolean running = true;
    private boolean failing;

    /**
     * @param linger how long the poster waits after a call woke it, so that calls finishing together are posted in one
     *     transaction: the longer, the fewer transactions, and the more a reader may find to post first
     */
    SettlementJournal(Ledger ledger, Duration linger) {
        this.ledger = ledger;
        this.lingerMillis = linger.toMillis();
        this.rows = GroupCommit.committing(ledger::journal);
        poster = new Thread(this::postContinuously, "tollgate-settlement-poster");
        poster.setDaemon(true);
        poster.start();
    }

    /** Journals a call's settlement; returns once it is committed. */
    void write(Settlement settlement) {
        rows.write(settlement);
        if (written.availablePermits() == 0) {
            written.release();
        }
    }

    /** Stops the poster after it posted what this replica journaled; what is left, another replica or a restart posts. */
    void stop() {
        running = false;
        stopping.countDown();
        written.release();
        try {
            poster.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void postContinuously() {
        while (running) {
            try {
                boolean woken = written.tryAcquire(IDLE_LOOK_MILLIS, TimeUnit.MILLISECONDS);
                if (woken && lingerMillis > 0 && stopping.await(lingerMillis, TimeUnit.MILLISECONDS)) {
                    break;
                }
                written.drainPermits();
                postPending();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        postPending();
    }

    /** Posts what is journaled, leaving rows another transaction is posting to it. */
    private void postPending() {
        try {
            while (ledger.applyJournal(Ledger.JOURNAL_BATCH) == Ledger.JOURNAL_BATCH) {
                // more waiting
            }
            if (failing) {
                LOG.info("the settlement journal is being posted again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // The rows stay journaled (their cost is committed) and are posted on the next look; said once per outage.
            if (!failing) {
                LOG.log(Level.WARNING, "could not post the settlement journal; trying again", e);
                failing = true;
            }
        }
    }
}
