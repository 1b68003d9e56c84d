package dev.tollgate.billing.call;

import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.Settlement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The settlements of calls against a lease of credit: each written as a row per post into the ledger's journal, in
 * groups ({@link GroupCommit}), and committed before the call's cost is told; posted to the accounts behind the calls
 * by a thread of this replica, many rows per transaction (docs/decisions.md, "A call's settlement is journaled, and
 * posted behind it").
 *
 * <p>Nothing reads a posting the journal still owes: every read of the ledger that must be the whole truth (a
 * balance, a report, the sweeper of expired holds) posts what is journaled first ({@link Ledger#applyJournal()}). The
 * credit other replicas see available is right meanwhile: what a leased call spent lies within its lease's hold until
 * the journal has posted it ({@link CreditLeases}), so no call waits for the journal to be posted, only, when calls
 * outrun the poster, for the poster to catch up. Rows a dead replica left are posted by any other replica's poster,
 * and by its own when it starts again.
 */
final class SettlementJournal {

    private static final Logger LOG = Logger.getLogger(SettlementJournal.class.getName());

    /** How often the poster looks at the journal when no call of this replica woke it (rows of other replicas). */
    private static final long IDLE_LOOK_MILLIS = 1000;

    /**
     * How many rows this replica's calls may be ahead of its poster before a call waits for the poster to catch up.
     * Calls can outrun the poster (a single database session) when the database is short of CPU; unbounded, the
     * journal grew by 40,000 rows in two minutes at -c32, and whoever reads a balance must post what is behind it
     * first.
     */
    static final int MOST_BEHIND = 4 * Ledger.JOURNAL_BATCH;

    /**
     * The longest a call waits for the poster: a poster that cannot post (the database is away) must not stop calls.
     */
    private static final Duration MOST_WAIT = Duration.ofSeconds(1);

    private final Ledger ledger;
    private final GroupCommit<Settlement, Void> rows;
    private final long lingerMillis;
    private final Semaphore written = new Semaphore(0);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread poster;
    private volatile boolean running = true;
    private boolean failing;
    /**
     * Rows this replica journaled that its poster has not seen posted: less what each pass posted (rows of any
     * replica), and none once a pass found the journal nearly empty. Rows a reader posted count until then.
     */
    private final AtomicLong behind = new AtomicLong();

    private final Object caughtUp = new Object();
    private final int mostBehind;
    private final long mostWaitNanos;

    /**
     * @param linger how long the poster waits after a call woke it, so that calls finishing together are posted in one
     *     transaction: the longer, the fewer transactions, and the more a reader may find to post first
     */
    SettlementJournal(Ledger ledger, Duration linger) {
        this(ledger, linger, MOST_BEHIND, MOST_WAIT);
    }

    /** For tests: calls wait once {@code mostBehind} rows ahead of the poster, for at most {@code mostWait}. */
    SettlementJournal(Ledger ledger, Duration linger, int mostBehind, Duration mostWait) {
        this.ledger = ledger;
        this.lingerMillis = linger.toMillis();
        this.mostBehind = mostBehind;
        this.mostWaitNanos = mostWait.toNanos();
        this.rows = GroupCommit.committing(ledger::journal);
        poster = new Thread(this::postContinuously, "tollgate-settlement-poster");
        poster.setDaemon(true);
        poster.start();
    }

    /**
     * Journals a call's settlement; returns once it is committed. Waits first, at most a second, while this replica's
     * calls are {@link #MOST_BEHIND} rows ahead of its poster: the journal stays short, and calls slow down to what
     * the ledger can post instead of piling up work for later.
     */
    void write(Settlement settlement) {
        awaitPoster();
        rows.write(settlement);
        behind.addAndGet(settlement.posts().size());
        if (written.availablePermits() == 0) {
            written.release();
        }
    }

    private void awaitPoster() {
        if (behind.get() <= mostBehind) {
            return;
        }
        long deadline = System.nanoTime() + mostWaitNanos;
        synchronized (caughtUp) {
            while (behind.get() > mostBehind) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(caughtUp, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** How many rows this replica's calls are ahead of its poster, as far as it knows; for tests. */
    long behind() {
        return behind.get();
    }

    /**
     * Stops the poster after it posted what this replica journaled; what is left, another replica or a restart posts.
     */
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

    private void postedSome(int rowsPosted) {
        if (rowsPosted < Ledger.JOURNAL_BATCH) {
            // The journal was all but empty: whatever the count says, the poster has caught up.
            behind.set(0);
        } else {
            behind.updateAndGet(rows -> Math.max(0, rows - rowsPosted));
        }
        synchronized (caughtUp) {
            caughtUp.notifyAll();
        }
    }

    /** Posts what is journaled, leaving rows another transaction is posting to it. */
    private void postPending() {
        try {
            int posted;
            do {
                posted = ledger.applyJournal(Ledger.JOURNAL_BATCH);
                postedSome(posted);
            } while (posted == Ledger.JOURNAL_BATCH);
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
