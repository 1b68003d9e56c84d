package dev.tollgate.billing.call;

import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.LedgerRefusedException;
import dev.tollgate.billing.ledger.Settlement;
import dev.tollgate.billing.ledger.TransferRequest;
import dev.tollgate.db.DatabaseOutage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Holds calls' worst cases in this replica's memory against a lease of the organisation's credit: one ledger hold
 * worth many calls, taken when a call finds none that fits, so that a call waits for no statement of its own before
 * it is dispatched (docs/decisions.md, "Calls are held against a lease of credit").
 *
 * <p>The lease is a real hold in the ledger, so every other replica, and every per-call hold, sees the credit as
 * taken. A call's settlement is journaled (durably, before the cost is told) and posted behind it. The lease is then
 * rolled: its hold released and held again, in one statement, for what it still needs: less what its calls spent
 * and the journal has posted; once retired, only its open calls' worst cases and what they spent that is still
 * journaled. So what a call spent lies in the lease's hold until it is posted, and the ledger's available credit is
 * right for every replica without a roll ever waiting for the journal. What a lease lets its calls reserve and spend
 * together never exceeds what it holds, so the organisation is never overdrawn by more than a per-call hold would
 * allow. A lease takes new calls for a bounded time and while it has room, and is given back when idle. If the
 * replica dies, the lease expires like any hold and the sweeper releases it: what its calls settled is posted first,
 * and calls cut off cost nothing.
 */
public final class CreditLeases {

    /** The memo of a lease's hold. */
    static final String LEASE = "credit_lease";

    /** Writes a hold (in a group): empty when it was accepted. */
    interface Holds {
        Optional<LedgerRefusedException> hold(TransferRequest.Hold hold);
    }

    private final Ledger ledger;
    private final Holds holds;
    private final Supplier<UUID> marginAccount;
    private final int callsPerLease;
    private final Duration acceptFor;
    private final Duration holdTimeout;
    private final Duration idleAfter;
    private final Clock clock;

    /** The lease each organisation's new calls go to. */
    private final Map<UUID, Lease> current = new ConcurrentHashMap<>();
    /** Every lease whose hold is not released yet, current or retired. */
    private final Set<Lease> live = ConcurrentHashMap.newKeySet();

    private final Map<UUID, Renewals> renewing = new ConcurrentHashMap<>();

    /**
     * One organisation's renewals, one at a time. When one failed because the database is away, the calls that were
     * queued behind it fail with it rather than each try again in turn: otherwise the last of n waiting calls would
     * wait n connection timeouts (docs/decisions.md, "Faults at home").
     */
    private static final class Renewals {
        RuntimeException outage;
        long outageNanos;
    }

    /**
     * @param callsPerLease how many of the call's worst cases a new lease holds (less when less is available)
     * @param acceptFor how long a lease takes new calls
     * @param holdTimeout how long any call may go on after it was admitted before its hold may be swept; a lease's
     *     hold outlives the last call it may take by this much
     * @param idleAfter how long a lease without calls is kept before its credit is given back
     */
    CreditLeases(
            Ledger ledger,
            Holds holds,
            Supplier<UUID> marginAccount,
            int callsPerLease,
            Duration acceptFor,
            Duration holdTimeout,
            Duration idleAfter,
            Clock clock) {
        this.ledger = ledger;
        this.holds = holds;
        this.marginAccount = marginAccount;
        this.callsPerLease = callsPerLease;
        this.acceptFor = acceptFor;
        this.holdTimeout = holdTimeout;
        this.idleAfter = idleAfter;
        this.clock = clock;
    }

    /**
     * Reserves a call's worst case in the organisation's lease, taking a new lease when the current one cannot. Empty
     * when no lease can cover it (too little credit left beyond other holds, or the lease was refused): the call is
     * then held on its own, which says exactly why when it is refused.
     */
    Optional<LeasedCall> hold(UUID organization, UUID credits, BigDecimal worstCase) {
        Lease lease = current.get(organization);
        if (lease != null && lease.take(worstCase, clock.instant())) {
            return Optional.of(new LeasedCall(lease, worstCase));
        }
        // One renewal at a time for an organisation; the calls queued behind it use the lease it took.
        Renewals renewals = renewing.computeIfAbsent(organization, id -> new Renewals());
        long askedNanos = System.nanoTime();
        synchronized (renewals) {
            lease = current.get(organization);
            if (lease != null && lease.take(worstCase, clock.instant())) {
                return Optional.of(new LeasedCall(lease, worstCase));
            }
            if (renewals.outage != null && renewals.outageNanos - askedNanos > 0) {
                throw new IllegalStateException("the lease of credit could not be renewed", renewals.outage);
            }
            try {
                Optional<LeasedCall> beside =
                        lease == null ? Optional.empty() : takeBeside(organization, lease, credits, worstCase);
                if (beside.isPresent()) {
                    return beside;
                }
                return renew(organization, lease, credits, worstCase);
            } catch (RuntimeException e) {
                if (DatabaseOutage.explains(e)) {
                    renewals.outage = e;
                    renewals.outageNanos = System.nanoTime();
                }
                throw e;
            }
        }
    }

    /**
     * Takes a whole new lease beside the current one when the balance, read with the current one still held, leaves
     * room for it, and retires the current one, which the next tick rolls down to its open calls. Empty when there is
     * no such room: the current one must then be rolled first, two statements more while the organisation's calls
     * wait.
     */
    private Optional<LeasedCall> takeBeside(UUID organization, Lease lease, UUID credits, BigDecimal worstCase) {
        BigDecimal whole = wholeLease(worstCase);
        if (ledger.balanceAsPosted(credits).available().compareTo(whole) < 0) {
            return Optional.empty();
        }
        Optional<LeasedCall> call = take(organization, credits, whole, worstCase);
        if (call.isPresent()) {
            lease.retire();
        }
        return call;
    }

    /** Takes a new lease for the call, retiring the current one; under the organisation's renewal lock. */
    private Optional<LeasedCall> renew(UUID organization, Lease lease, UUID credits, BigDecimal worstCase) {
        Instant now = clock.instant();
        if (lease != null) {
            // Down to its open calls' worst cases first, so that the balance read next is the whole truth.
            current.remove(organization, lease);
            lease.retire();
            roll(lease);
        }
        BigDecimal amount = ledger.balanceAsPosted(credits).available().min(wholeLease(worstCase));
        if (amount.compareTo(worstCase) < 0) {
            return Optional.empty();
        }
        return take(organization, credits, amount, worstCase);
    }

    /** What a new lease holds when the credit is there: {@code callsPerLease} of the call's worst case. */
    private BigDecimal wholeLease(BigDecimal worstCase) {
        return worstCase.multiply(BigDecimal.valueOf(callsPerLease));
    }

    /** Holds {@code amount} as the organisation's new current lease, with the call in it; empty when refused. */
    private Optional<LeasedCall> take(UUID organization, UUID credits, BigDecimal amount, BigDecimal worstCase) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        Instant acceptsUntil = now.plus(acceptFor);
        Instant timeout = acceptsUntil.plus(holdTimeout);
        Optional<LedgerRefusedException> refused = holds.hold(new TransferRequest.Hold(
                id,
                credits,
                marginAccount.get(),
                amount,
                LEASE,
                Optional.empty(),
                timeout,
                Optional.empty(),
                Optional.empty()));
        if (refused.isPresent()) {
            return Optional.empty();
        }
        Lease taken = new Lease(id, amount, acceptsUntil, timeout, now);
        taken.take(worstCase, now);
        live.add(taken);
        current.put(organization, taken);
        return Optional.of(new LeasedCall(taken, worstCase));
    }

    /**
     * The call ended having cost {@code spent}, in the journal's row {@code journalRow} (committed, or perhaps not if
     * writing it failed; then {@code spent} is its worst case), or nothing. The last call of a retired lease leaves its
     * release to the next tick (within a second).
     */
    void finished(LeasedCall call, BigDecimal spent, UUID journalRow) {
        if (call.finish()) {
            call.lease.finish(call.worstCase, spent, journalRow, clock.instant());
        }
    }

    /**
     * Once a second: retires leases that took no call for a while or may take no more, and rolls every lease whose
     * hold is more than it needs, so that the ledger's available credit is right for the other replicas too.
     *
     * @return how many leases were rolled or released
     */
    int tick() {
        Instant now = clock.instant();
        for (Map.Entry<UUID, Lease> entry : current.entrySet()) {
            Lease lease = entry.getValue();
            if (lease.idleOrDone(now, idleAfter) && current.remove(entry.getKey(), lease)) {
                lease.retire();
            }
        }
        int rolled = 0;
        for (Lease lease : live) {
            rolled += roll(lease) ? 1 : 0;
        }
        return rolled;
    }

    /** Retires every lease (the replica is stopping): each holds only its open calls' worst cases from now on. */
    void releaseAll() {
        for (Map.Entry<UUID, Lease> entry : current.entrySet()) {
            if (current.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().retire();
            }
        }
        for (Lease lease : live) {
            roll(lease);
        }
    }

    /**
     * Releases the lease's hold and holds what it still needs in the same statement; whether anything was written. What
     * its calls spent is given back only once the journal has posted it: until then it lies within the lease's hold,
     * and another replica must never see it neither held nor posted. A row that is not in the journal was posted, or
     * was never written (its call's settlement failed before it committed, and so charged nothing).
     */
    private boolean roll(Lease lease) {
        lease.rolling.lock();
        try {
            Map<UUID, BigDecimal> journaled = lease.journaled();
            Set<UUID> posted = new HashSet<>(journaled.keySet());
            posted.removeAll(ledger.stillJournaled(journaled.keySet()));
            Lease.Roll roll = lease.plan(posted);
            if (roll == null) {
                return false;
            }
            Optional<Settlement.Rehold> rehold = roll.keep().signum() > 0
                    ? Optional.of(new Settlement.Rehold(UUID.randomUUID(), roll.keep(), lease.timeout))
                    : Optional.empty();
            Set<UUID> reheld = ledger.settle(List.of(new Settlement(
                    Optional.of(roll.hold()),
                    TransferRequest.derivedId("release", roll.hold().toString()),
                    List.of(),
                    rehold)));
            // Not held again: the hold was released by somebody else (the sweeper, once it expired) or for good.
            Optional<UUID> now = rehold.map(Settlement.Rehold::id).filter(reheld::contains);
            if (lease.rolled(roll, now)) {
                live.remove(lease);
            }
            return true;
        } finally {
            lease.rolling.unlock();
        }
    }

    /** A call reserved in a lease; finished once, whether it settled, failed, or both were tried. */
    public static final class LeasedCall {
        private final Lease lease;
        private final BigDecimal worstCase;
        private boolean finished;

        LeasedCall(Lease lease, BigDecimal worstCase) {
            this.lease = lease;
            this.worstCase = worstCase;
        }

        private synchronized boolean finish() {
            boolean first = !finished;
            finished = true;
            return first;
        }
    }

    /**
     * One lease: its hold, what its open calls reserved, and what its ended calls spent that the hold still carries
     * (their journal rows, posted or not, since the last roll that gave their credit back).
     */
    private static final class Lease {
        final Instant acceptsUntil;
        final Instant timeout;
        /** Held while a roll is written, so that two rolls of one lease never race. */
        final ReentrantLock rolling = new ReentrantLock();

        private UUID hold;
        private BigDecimal held;
        private BigDecimal reserved = BigDecimal.ZERO;
        /** What each ended call spent, by its journal row, until a roll gave it back once the row was posted. */
        private final Map<UUID, BigDecimal> spentByRow = new HashMap<>();

        private BigDecimal spent = BigDecimal.ZERO;
        private int open;
        private boolean retired;

        private Instant lastUsed;

        /** The hold to release, what to hold again ({@code keep}, zero for nothing), and the rows given back. */
        record Roll(UUID hold, BigDecimal keep, Set<UUID> givenBack, BigDecimal spentOut) {}

        Lease(UUID hold, BigDecimal held, Instant acceptsUntil, Instant timeout, Instant now) {
            this.hold = hold;
            this.held = held;
            this.acceptsUntil = acceptsUntil;
            this.timeout = timeout;
            this.lastUsed = now;
        }

        synchronized boolean take(BigDecimal worstCase, Instant now) {
            if (retired
                    || hold == null
                    || !now.isBefore(acceptsUntil)
                    || held.subtract(reserved).subtract(spent).compareTo(worstCase) < 0) {
                return false;
            }
            reserved = reserved.add(worstCase);
            open++;
            lastUsed = now;
            return true;
        }

        /** Replaces the call's worst case by what it spent, carried until its journal row is posted. */
        synchronized void finish(BigDecimal worstCase, BigDecimal spentByCall, UUID journalRow, Instant now) {
            reserved = reserved.subtract(worstCase);
            if (spentByCall.signum() > 0) {
                spentByRow.merge(journalRow, spentByCall, BigDecimal::add);
                spent = spent.add(spentByCall);
            }
            open--;
            lastUsed = now;
        }

        /** The journal rows of what its ended calls spent, and how much each. */
        synchronized Map<UUID, BigDecimal> journaled() {
            return Map.copyOf(spentByRow);
        }

        synchronized boolean idleOrDone(Instant now, Duration idleAfter) {
            return open == 0 && (!now.isBefore(acceptsUntil) || !now.isBefore(lastUsed.plus(idleAfter)));
        }

        synchronized void retire() {
            retired = true;
        }

        /**
         * What the hold should be now, {@code posted} being rows the journal has posted: while the lease takes calls,
         * what it held less what those rows spent; once retired, only its open calls' worst cases and what its rows
         * not yet posted spent. Null when it is that already.
         */
        synchronized Roll plan(Set<UUID> posted) {
            if (hold == null) {
                return null;
            }
            Set<UUID> givenBack = new HashSet<>(posted);
            givenBack.retainAll(spentByRow.keySet());
            BigDecimal out = givenBack.stream().map(spentByRow::get).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal carried = reserved.add(spent).subtract(out);
            BigDecimal keep = retired ? carried : held.subtract(out).max(carried);
            keep = keep.max(BigDecimal.ZERO);
            if (keep.compareTo(held) >= 0) {
                return null;
            }
            return new Roll(hold, keep, givenBack, out);
        }

        /** The roll is written: {@code now} is the hold that replaced the old one; whether the lease is over. */
        synchronized boolean rolled(Roll roll, Optional<UUID> now) {
            if (!roll.hold().equals(hold)) {
                return false;
            }
            if (now.isPresent()) {
                hold = now.get();
                held = roll.keep();
                roll.givenBack().forEach(spentByRow::remove);
                spent = spent.subtract(roll.spentOut());
                return false;
            }
            // Released for good (nothing to keep, or the sweeper had it): no call may use it any more.
            hold = null;
            held = BigDecimal.ZERO;
            spentByRow.clear();
            spent = BigDecimal.ZERO;
            retired = true;
            return true;
        }
    }
}
