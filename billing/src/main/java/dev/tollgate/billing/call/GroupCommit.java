package dev.tollgate.billing.call;

import dev.tollgate.db.DatabaseOutage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes the requests of calls that arrive together (holds, settlements) in one statement and one commit: group
 * commit. Each caller returns only once its own request is committed, with its own outcome: a hold is never assumed,
 * a cost never told before it is in the ledger.
 *
 * <p>No thread of its own: the first caller that finds nobody writing writes everything queued (up to {@link #MOST}
 * at a time, until its own request is in); the others wait and are woken when theirs is written, or when the writer is
 * free so that one of them takes over. Alone, a call writes its own at once; under load, one statement carries many
 * calls, so the database locks the organisation's and the platform's accounts once per group instead of once per call
 * (docs/decisions.md, "Settlements are written in groups").
 *
 * @param <R> a request
 * @param <O> its outcome
 */
final class GroupCommit<R, O> {

    /** Writes a group in one statement: one outcome per request, in order; throws when the statement failed. */
    interface Statement<R, O> {
        List<O> write(List<R> group);
    }

    /** The most requests in one statement: a few hundred keep each statement's locks short. */
    static final int MOST = 256;
    /** How long a waiting caller sleeps before it looks again, should a wake-up be missed. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Statement<R, O> statement;
    private final ConcurrentLinkedQueue<Waiting<R, O>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    GroupCommit(Statement<R, O> statement) {
        this.statement = statement;
    }

    /** Requests whose only outcome is being committed: {@code statement} writes a group, or throws. */
    static <R> GroupCommit<R, Void> committing(Consumer<List<R>> statement) {
        return new GroupCommit<>(group -> {
            statement.accept(group);
            return Collections.nCopies(group.size(), null);
        });
    }

    /**
     * Returns the request's outcome once it is committed.
     *
     * @throws RuntimeException what writing it alone threw (it is retried alone when its group failed)
     */
    O write(R request) {
        Waiting<R, O> mine = new Waiting<>(request, Thread.currentThread());
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
                Waiting<R, O> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                LockSupport.parkNanos(this, RECHECK_NANOS);
                // A request is not abandoned halfway; the interrupt is kept for the caller to see afterwards.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.outcome;
    }

    private void writeGroup() {
        List<Waiting<R, O>> group = new ArrayList<>();
        for (Waiting<R, O> next; group.size() < MOST && (next = queue.poll()) != null; ) {
            group.add(next);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            List<O> outcomes = statement.write(
                    group.stream().map(waiting -> waiting.request).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).finish(outcomes.get(i), null);
            }
        } catch (RuntimeException groupFailed) {
            if (group.size() == 1 || DatabaseOutage.explains(groupFailed)) {
                // With the database away, each alone would fail too, one connection timeout after another: the
                // group's callers would wait for all of them, and every caller queued behind them longer still.
                group.forEach(waiting -> waiting.finish(null, groupFailed));
                return;
            }
            // One bad request must not fail the others: each alone, so each caller gets its own outcome.
            for (Waiting<R, O> waiting : group) {
                try {
                    waiting.finish(statement.write(List.of(waiting.request)).get(0), null);
                } catch (RuntimeException failed) {
                    waiting.finish(null, failed);
                }
            }
        }
    }

    /** A queued request and the caller waiting for it. */
    private static final class Waiting<R, O> {
        final R request;
        final Thread caller;
        volatile O outcome;
        volatile RuntimeException failure;
        volatile boolean done;

        Waiting(R request, Thread caller) {
            this.request = request;
            this.caller = caller;
        }

        void finish(O outcome, RuntimeException failure) {
            this.outcome = outcome;
            this.failure = failure;
            this.done = true;
            LockSupport.unpark(caller);
        }
    }
}
