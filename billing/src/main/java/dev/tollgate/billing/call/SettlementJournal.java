package dev.tollgate.billing.call;

import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.Settlement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The settlements of calls against a lease of credit: each written as a row per post into the ledger's journal, in
 * groups ({@link GroupCommit}), and committed before the call's cost is told; posted to the accounts behind the calls
 * by a thread of this replica, by key, many calls per transaction (docs/decisions.md, "A call's settlement is
 * journaled, and posted behind it").
 *
 * <p>Nothing reads a posting the journal still owes: every read of the ledger that must be the whole truth (a
 * balance, a report, the sweeper of expired holds) posts what is journaled first ({@link Ledger#applyJournal()}). The
 * credit other replicas see available is right meanwhile: what a leased call spent lies within its lease's hold until
 * the journal has posted it ({@link CreditLeases}), so no call waits for the journal to be posted, only, when calls
 * outrun the poster, for the poster to catch up. Rows a dead replica left are posted by any other replica's poster,
 * which looks through the whole journal once a second, and by its own when it starts again.
 */
final class SettlementJournal {

    private static final Logger LOG = Logger.getLogger(SettlementJournal.class.getName());

    /**
     * How often the poster looks through the whole journal (rows of other replicas, dead ones included), however busy
     * this replica's own calls keep it.
     */
    private static final long LOOK_MILLIS = 1000;

    /** The most calls of this replica one pass posts by key. */
    static final int CALLS_PER_PASS = 256;

    /**
     * How many calls this replica may be ahead of its poster before a call waits for the poster to catch up. Calls
     * can outrun the poster (a single database session) when the database is short of CPU; unbounded, the journal
     * grew by 40,000 rows in two minutes at -c32, and whoever reads a balance must post what is behind it first.
     */
    static final int MOST_BEHIND = 4 * CALLS_PER_PASS;

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
    private long lookedAt = System.nanoTime();
    /** The calls this replica journaled that its poster has not posted yet (by release id), and how many. */
    private final Queue<UUID> unposted = new ConcurrentLinkedQueue<>();

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

    /** For tests: calls wait once {@code mostBehind} calls ahead of the poster, for at most {@code mostWait}. */
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
     * calls are {@link #MOST_BEHIND} calls ahead of its poster: the journal stays short, and calls slow down to what
     * the ledger can post instead of piling up work for later.
     */
    void write(Settlement settlement) {
        awaitPoster();
        rows.write(settlement);
        unposted.add(settlement.release());
        behind.incrementAndGet();
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

    /** How many calls this replica journaled that its poster has not posted; for tests. */
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
                boolean woken = written.tryAcquire(LOOK_MILLIS, TimeUnit.MILLISECONDS);
                if (woken && lingerMillis > 0 && stopping.await(lingerMillis, TimeUnit.MILLISECONDS)) {
                    break;
                }
                written.drainPermits();
                postOwn();
                if (System.nanoTime() - lookedAt >= TimeUnit.MILLISECONDS.toNanos(LOOK_MILLIS)) {
                    postAny();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        postOwn();
    }

    /** Posts what this replica's calls journaled, by key, a pass at a time. */
    private void postOwn() {
        List<UUID> calls = new ArrayList<>(CALLS_PER_PASS);
        while (true) {
            for (UUID call; calls.size() < CALLS_PER_PASS && (call = unposted.poll()) != null; ) {
                calls.add(call);
            }
            if (calls.isEmpty()) {
                return;
            }
            try {
                // A call a reader posted first has nothing left to post: gone from the journal, it is done all the
                // same.
                ledger.applyJournal(calls);
                succeeded();
            } catch (RuntimeException e) {
                // The rows stay journaled (their cost is committed); tried again on the next pass.
                unposted.addAll(calls);
                failed(e);
                return;
            }
            behind.addAndGet(-calls.size());
            synchronized (caughtUp) {
                caughtUp.notifyAll();
            }
            calls.clear();
        }
    }

    /**
     * Posts whatever is journaled, whoever wrote it: rows of a replica that died before posting them, and of one
     * that runs the version before.
     */
    private void postAny() {
        lookedAt = System.nanoTime();
        try {
            while (ledger.applyJournal(Ledger.JOURNAL_BATCH) == Ledger.JOURNAL_BATCH) {
                // next pass
            }
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void succeeded() {
        if (failing) {
            LOG.info("the settlement journal is being posted again");
            failing = false;
        }
    }

    /** Said once per outage. */
    private void failed(RuntimeException e) {
        if (!failing) {
            LOG.log(Level.WARNING, "could not post the settlement journal; trying again", e);
            failing = true;
        }
    }
}
