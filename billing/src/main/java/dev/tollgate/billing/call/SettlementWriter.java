package dev.tollgate.billing.call;

import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.Settlement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the settlements of calls that finish together in one statement and one commit (group commit), and returns to
 * each caller only once its settlement is committed: a cost is never told before it is in the ledger.
 *
 * <p>No thread of its own: the first caller that finds nobody writing writes everything queued (up to {@link #MOST}
 * at a time, until its own settlement is in); the others wait for it and are woken when theirs is written, or when
 * the writer is free so that one of them takes over. Alone, a call writes its own at once; under load, one statement
 * carries many calls, so the database locks the organisation's and the platform's accounts once per group instead of
 * once per call (docs/decisions.md, "Settlements are written in groups").
 */
final class SettlementWriter {

    /** The most settlements in one statement: a few hundred keep each statement's locks short. */
    static final int MOST = 256;
    /** How long a waiting caller sleeps before it looks again, should a wake-up be missed. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Ledger ledger;
    private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    SettlementWriter(Ledger ledger) {
        this.ledger = ledger;
    }

    /**
     * Returns once the settlement is committed.
     *
     * @throws RuntimeException what writing it alone threw (it is retried alone when its group failed)
     */
    void write(Settlement settlement) {
        Waiting mine = new Waiting(settlement, Thread.currentThread());
        queue.add(mine);
        boolean interrupted = false;
        while (!mine.done) {
            if (writing.tryLock()) {
                try {
                    while (!mine.done) {
                        writeGroup();
                    }
                } finally {
                    writing.unlock();
                }
                // Whoever is next in line may have gone to sleep while this thread wrote: let it take over.
                Waiting next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                LockSupport.parkNanos(this, RECHECK_NANOS);
                // A settlement is not abandoned halfway; the interrupt is kept for the caller to see afterwards.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    private void writeGroup() {
        List<Waiting> group = new ArrayList<>();
        for (Waiting next; group.size() < MOST && (next = queue.poll()) != null; ) {
            group.add(next);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            ledger.settle(group.stream().map(waiting -> waiting.settlement).toList());
            group.forEach(waiting -> waiting.finish(null));
        } catch (RuntimeException groupFailed) {
            if (group.size() == 1) {
                group.get(0).finish(groupFailed);
                return;
            }
            // One bad settlement must not fail the others: each alone, so each caller gets its own outcome.
            for (Waiting waiting : group) {
                try {
                    ledger.settle(List.of(waiting.settlement));
                    waiting.finish(null);
                } catch (RuntimeException failed) {
                    waiting.finish(failed);
                }
            }
        }
    }

    /** A queued settlement and the caller waiting for it. */
    private static final class Waiting {
        final Settlement settlement;
        final Thread caller;
        volatile RuntimeException failure;
        volatile boolean done;

        Waiting(Settlement settlement, Thread caller) {
            this.settlement = settlement;
            this.caller = caller;
        }

        void finish(RuntimeException failure) {
            this.failure = failure;
            this.done = true;
            LockSupport.unpark(caller);
        }
    }
}
