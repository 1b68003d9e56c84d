package dev.tollgate.billing.call;

import dev.tollgate.billing.call.CreditsShortException.Shortfall;
import dev.tollgate.billing.ledger.AccountBalance;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.LedgerRefusedException;
import dev.tollgate.billing.ledger.LedgerRefusedException.Reason;
import dev.tollgate.billing.ledger.Settlement;
import dev.tollgate.billing.ledger.TransferRequest;
import dev.tollgate.billing.ledger.TransferRequest.SpendCap;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Holds a call's worst case before dispatch and settles what it actually cost after (ARCHITECTURE.md, "Money"): the
 * organisation pays the list price, the provider is owed its cost, the platform keeps the rest. Every transfer's id is
 * derived from the generation id, so a settlement retried, or racing the sweeper of expired holds, moves money once.
 *
 * <p>Settlement may take the balance below zero: the answer was delivered, and the provider's count of tokens may
 * exceed the hold's estimate. That overrun is the tolerance ARCHITECTURE.md allows; the next call is then refused
 * until credits are added.
 *
 * <p>Setting: {@code tollgate.billing.hold-timeout-seconds} (default 3600), after which a hold that nobody settled (its
 * replica died mid-call) is released by {@link HoldSweeper}.
 */
@ApplicationScoped
public class CallCharges {

    public static final String HOLD = "usage_hold";
    public static final String COST = "usage_cost";
    public static final String MARGIN = "usage_margin";

    /** How long a lease of credit takes new calls (less when calls' holds time out sooner). */
    static final Duration LEASE_ACCEPTS_FOR = Duration.ofMinutes(5);
    /** How long a lease without calls is kept before its credit is given back. */
    static final Duration LEASE_IDLE = Duration.ofSeconds(2);
    /**
     * How long a positive posted balance is believed without reading it again, for calls that cost nothing: such a
     * call moves no money, so admitting one a moment after another replica spent the last credit loses nothing,
     * while reading the balance would cost every free call a database round trip.
     */
    static final Duration POSITIVE_BALANCE_BELIEVED_FOR = Duration.ofSeconds(1);

    /** How long the journal's poster waits for more calls' settlements after one woke it. */
    static final Duration JOURNAL_LINGER = Duration.ofMillis(20);

    private static final Logger LOG = Logger.getLogger(CallCharges.class.getName());

    @Inject
    Ledger ledger;

    private Duration holdTimeout;
    private Clock clock = Clock.systemUTC();
    /** Accounts are never deleted, so their ids are remembered for good: opening one costs two statements. */
    private final Map<String, UUID> accounts = new ConcurrentHashMap<>();
    /** Organisations' credit accounts last read with a positive posted balance, and until when that is believed. */
    private final Map<UUID, Instant> postedPositiveUntil = new ConcurrentHashMap<>();
    /** Calls' holds and settlements, each written in groups (see {@link GroupCommit}); made once the ledger is set. */
    private GroupCommit<TransferRequest.Hold, Optional<LedgerRefusedException>> holds;

    private GroupCommit<Settlement, Void> settlements;
    /** Where settlements of calls against a lease go: committed before the cost is told, posted behind. */
    private SettlementJournal journal;
    /** Calls without a key limit are held against leases of credit; absent when leasing is off. */
    private Optional<CreditLeases> leases = Optional.empty();

    private ScheduledExecutorService leaseTicker;

    /** For CDI. */
    public CallCharges() {}

    /** For tests. */
    public CallCharges(Ledger ledger, Duration holdTimeout, Clock clock) {
        this.ledger = ledger;
        this.holdTimeout = holdTimeout;
        this.clock = clock;
        writeInGroups(JOURNAL_LINGER);
    }

    /** For tests: leases of {@code callsPerLease} worst cases, taking calls for {@code acceptFor}. */
    public CallCharges(
            Ledger ledger, Duration holdTimeout, Clock clock, int callsPerLease, Duration acceptFor, Duration idle) {
        this(ledger, holdTimeout, clock);
        leases = Optional.of(leases(callsPerLease, acceptFor, idle));
    }

    @PostConstruct
    void configure() {
        Config config = ConfigProvider.getConfig();
        holdTimeout = Duration.ofSeconds(config.getOptionalValue("tollgate.billing.hold-timeout-seconds", Long.class)
                .orElse(3600L));
        writeInGroups(Duration.ofMillis(config.getOptionalValue("tollgate.billing.journal-linger-millis", Long.class)
                .orElse(JOURNAL_LINGER.toMillis())));
        int callsPerLease = config.getOptionalValue("tollgate.billing.lease-calls", Integer.class)
                .orElse(64);
        if (callsPerLease > 1) {
            leases = Optional.of(leases(
                    callsPerLease,
                    LEASE_ACCEPTS_FOR.compareTo(holdTimeout) < 0 ? LEASE_ACCEPTS_FOR : holdTimeout,
                    LEASE_IDLE));
            leaseTicker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "tollgate-lease-release");
                thread.setDaemon(true);
                return thread;
            });
            leaseTicker.scheduleWithFixedDelay(this::releaseIdleLeasesQuietly, 1, 1, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (leaseTicker != null) {
            leaseTicker.shutdownNow();
        }
        try {
            leases.ifPresent(CreditLeases::releaseAll);
        } catch (RuntimeException e) {
            // The sweeper releases them when they expire.
            LOG.log(Level.WARNING, "could not release this replica's leases of credit; the sweeper will", e);
        }
        journal.stop();
    }

    private CreditLeases leases(int callsPerLease, Duration acceptFor, Duration idle) {
        return new CreditLeases(
                ledger,
                holds::write,
                () -> account(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM),
                callsPerLease,
                acceptFor,
                holdTimeout,
                idle,
                clock);
    }

    /**
     * Gives back the credit of idle leases and rolls the others down to what they need; for the ticker, and for
     * tests that cannot wait for it.
     *
     * @return how many leases were rolled or released
     */
    public int tickLeases() {
        return leases.map(CreditLeases::tick).orElse(0);
    }

    private void releaseIdleLeasesQuietly() {
        try {
            tickLeases();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not release idle leases of credit; trying again", e);
        }
    }

    private void writeInGroups(Duration journalLinger) {
        holds = new GroupCommit<>(ledger::hold);
        settlements = settling(ledger);
        journal = new SettlementJournal(ledger, journalLinger);
    }

    /** For tests: the journal's poster waits {@code linger} after a call wakes it (an hour: it waits for readers). */
    void lingerJournal(Duration linger) {
        journal.stop();
        journal = new SettlementJournal(ledger, linger);
    }

    /** Settlements written in groups into this ledger. */
    static GroupCommit<Settlement, Void> settling(Ledger ledger) {
        return GroupCommit.committing(ledger::settle);
    }

    /**
     * Reserves a call's worst case against the organisation (and the key's limit, if it has one): in this replica's
     * lease of the organisation's credit when the key has no limit and leases are on ({@link CreditLeases}), else in
     * a hold of its own. A call whose worst case is zero reserves nothing, but still needs a positive balance and a
     * key within its limit.
     *
     * @throws CreditsShortException when the call may not go ahead; nothing was reserved
     */
    public CallHold hold(
            UUID organizationId, UUID apiKey, Optional<SpendCap> keyCap, String generationId, BigDecimal worstCase) {
        UUID credits = account(AccountKind.ORG_CREDITS, organizationId.toString());
        if (worstCase.signum() == 0) {
            // The posted balance, not what holds leave of it: a call that costs nothing reserves nothing, and a lease
            // of credit (held whole, spent from in part) would make it look spent when it is not.
            if (!postedBalancePositive(credits)) {
                throw new CreditsShortException(Shortfall.NO_CREDITS, BigDecimal.ZERO);
            }
            keyCap.ifPresent(cap -> {
                if (keyRemaining(cap).signum() <= 0) {
                    throw new CreditsShortException(Shortfall.KEY_LIMIT_REACHED, BigDecimal.ZERO);
                }
            });
            return new CallHold(
                    Optional.empty(), organizationId, credits, apiKey, generationId, BigDecimal.ZERO, Optional.empty());
        }
        if (keyCap.isEmpty() && leases.isPresent()) {
            Optional<CreditLeases.LeasedCall> leased = leases.get().hold(organizationId, credits, worstCase);
            if (leased.isPresent()) {
                return new CallHold(Optional.empty(), organizationId, credits, apiKey, generationId, worstCase, leased);
            }
        }
        UUID holdId = transferId("hold", generationId);
        Optional<LedgerRefusedException> refused = holds.write(new TransferRequest.Hold(
                holdId,
                credits,
                account(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM),
                worstCase,
                HOLD,
                Optional.of(generationId),
                clock.instant().plus(holdTimeout),
                Optional.of(apiKey),
                keyCap));
        if (refused.isPresent()) {
            if (refused.get().reason() != Reason.OVERDRAFT && refused.get().reason() != Reason.KEY_LIMIT) {
                throw refused.get();
            }
            throw shortfall(credits, keyCap);
        }
        return new CallHold(
                Optional.of(holdId), organizationId, credits, apiKey, generationId, worstCase, Optional.empty());
    }

    /**
     * Whether the organisation's posted balance is above zero: read from the ledger, or believed for {@link
     * #POSITIVE_BALANCE_BELIEVED_FOR} after it was last read so. This replica's own settlements forget it at once.
     */
    private boolean postedBalancePositive(UUID credits) {
        Instant now = clock.instant();
        Instant believedUntil = postedPositiveUntil.get(credits);
        if (believedUntil != null && now.isBefore(believedUntil)) {
            return true;
        }
        // As posted so far: the journal's last costs may be missing, which errs as believing does (a free call a
        // moment after the last credit was spent); a refusal is right, as posting them only lowers the balance.
        if (ledger.balanceAsPosted(credits).postedBalance().signum() <= 0) {
            postedPositiveUntil.remove(credits);
            return false;
        }
        postedPositiveUntil.put(credits, now.plus(POSITIVE_BALANCE_BELIEVED_FOR));
        return true;
    }

    /** Why a hold was refused, read after the refusal (so the figures may have moved on a little since). */
    private CreditsShortException shortfall(UUID credits, Optional<SpendCap> keyCap) {
        AccountBalance balance = ledger.balance(credits);
        if (balance.available().signum() <= 0 && balance.postedBalance().signum() <= 0) {
            return new CreditsShortException(Shortfall.NO_CREDITS, BigDecimal.ZERO);
        }
        BigDecimal affordable = balance.available().max(BigDecimal.ZERO);
        if (keyCap.isPresent()) {
            BigDecimal keyLeft = keyRemaining(keyCap.get());
            if (keyLeft.signum() <= 0) {
                return new CreditsShortException(Shortfall.KEY_LIMIT_REACHED, BigDecimal.ZERO);
            }
            affordable = affordable.min(keyLeft);
        }
        return new CreditsShortException(Shortfall.WORST_CASE_UNAFFORDABLE, affordable);
    }

    private BigDecimal keyRemaining(SpendCap cap) {
        return cap.limit().subtract(ledger.keyCommitted(cap.apiKey(), cap.since()));
    }

    /**
     * Posts what the call cost and releases its hold, in one transaction (with other calls' settlements, see {@link
     * GroupCommit}), and returns once it is committed; a call against a lease of credit has no hold of its own, and its
     * cost is journaled instead, committed as durably and posted behind it ({@link SettlementJournal}). Nothing is
     * posted for a call that cost nothing. When the list price is below the cost (a negative margin), the platform pays
     * the difference.
     *
     * @param provider the slug of the provider that answered
     * @param cost what the provider is owed, at its cost price
     * @param list what the organisation pays, at list price
     */
    public void settle(CallHold hold, String provider, BigDecimal cost, BigDecimal list) {
        List<TransferRequest.Post> posts = new ArrayList<>();
        Optional<String> reference = Optional.of(hold.generationId());
        UUID payable = cost.signum() > 0 ? account(AccountKind.PROVIDER_PAYABLE, provider) : null;
        UUID margin = account(AccountKind.MARGIN_REVENUE, AccountKind.PLATFORM);
        BigDecimal paidToProvider = cost.min(list);
        BigDecimal kept = list.subtract(cost);
        if (paidToProvider.signum() > 0) {
            posts.add(new TransferRequest.Post(
                    transferId("cost", hold.generationId()),
                    hold.credits(),
                    payable,
                    paidToProvider,
                    COST,
                    reference,
                    Optional.of(hold.apiKey()),
                    true));
        }
        if (kept.signum() > 0) {
            posts.add(new TransferRequest.Post(
                    transferId("margin", hold.generationId()),
                    hold.credits(),
                    margin,
                    kept,
                    MARGIN,
                    reference,
                    Optional.of(hold.apiKey()),
                    true));
        } else if (kept.signum() < 0) {
            posts.add(new TransferRequest.Post(
                    transferId("margin", hold.generationId()), margin, payable, kept.negate(), MARGIN, reference));
        }
        write(hold, posts, list);
    }

    /** Releases a call's hold without charging anything: the call failed, or answered nothing. */
    public void release(CallHold hold) {
        write(hold, List.of(), BigDecimal.ZERO);
    }

    /**
     * The posts, with the hold's release, in the next group of settlements ({@link GroupCommit}) or of the journal;
     * returns once committed. A hold the sweeper already released is not released again, and what the answer cost is
     * still owed.
     */
    private void write(CallHold hold, List<TransferRequest.Post> posts, BigDecimal spent) {
        if (hold.id().isEmpty() && posts.isEmpty()) {
            hold.leased().ifPresent(call -> leases.orElseThrow().finished(call, BigDecimal.ZERO, null));
            return;
        }
        boolean written = false;
        // The journal row's id, when the call is leased: the lease carries what the call spent until it is posted.
        UUID release = transferId("release", hold.generationId());
        try {
            Settlement settlement = new Settlement(hold.id(), release, posts);
            if (hold.leased().isPresent() && hold.id().isEmpty()) {
                // Within its lease's hold, a call's cost may be posted behind it (see SettlementJournal).
                journal.write(settlement);
            } else {
                settlements.write(settlement);
            }
            written = true;
        } finally {
            if (!posts.isEmpty()) {
                // Read the balance again for the next free call (after the commit, so no read in between sticks).
                postedPositiveUntil.remove(hold.credits());
            }
            // A settlement that failed may still have committed: its lease counts the worst case as spent.
            BigDecimal counted = written ? spent : hold.reserved();
            hold.leased().ifPresent(call -> leases.orElseThrow().finished(call, counted, release));
        }
    }

    /**
     * An organisation's credits as OpenRouter reports them: all it was given or bought (less refunds), and what its
     * calls spent, so that the balance is the difference.
     */
    public record Credits(BigDecimal totalCredits, BigDecimal totalUsage) {

        /** What the organisation may still spend: credits bought or granted, less usage. */
        public BigDecimal balance() {
            return totalCredits.subtract(totalUsage);
        }
    }

    public Credits credits(UUID organizationId) {
        UUID credits = account(AccountKind.ORG_CREDITS, organizationId.toString());
        BigDecimal balance = ledger.balance(credits).postedBalance();
        BigDecimal usage = ledger.postedDebits(credits, List.of(COST, MARGIN));
        return new Credits(balance.add(usage), usage);
    }

    private UUID account(AccountKind kind, String owner) {
        return accounts.computeIfAbsent(kind.wireName() + '/' + owner, key -> ledger.account(kind, owner));
    }

    /** A transfer id that is the same however often the same step of the same call is tried. */
    static UUID transferId(String step, String generationId) {
        return TransferRequest.derivedId(step, generationId);
    }
}
