package dev.tollgate.billing.call;

import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.LedgerRefusedException;
import dev.tollgate.billing.ledger.TransferRequest;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Releases holds whose call was cut off before it could settle: the replica that held them was killed, or lost the
 * database at the wrong moment. A call that reported a cost had settled before the report (docs/decisions.md,
 * "Settlement"), so an expired hold belongs to a call whose caller was never told a cost, and releasing it charges
 * nothing. Every replica sweeps; the release's id is derived from the hold's, so two sweepers, or a sweeper and a
 * late settlement, resolve a hold once.
 *
 * <p>Setting: {@code tollgate.billing.sweep-interval-seconds} (default 60).
 */
@ApplicationScoped
public class HoldSweeper {

    private static final Logger LOG = Logger.getLogger(HoldSweeper.class.getName());
    private static final int BATCH = 500;

    @Inject
    Ledger ledger;

    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService ticker;

    /** For CDI. */
    public HoldSweeper() {}

    /** For tests. */
    public HoldSweeper(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    void onStart(
            @Observes @Priority(Interceptor.Priority.APPLICATION + 500) @Initialized(ApplicationScoped.class)
                    Object event) {
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tollgate-hold-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = ConfigProvider.getConfig()
                .getOptionalValue("tollgate.billing.sweep-interval-seconds", Long.class)
                .filter(seconds -> seconds > 0)
                .orElse(60L);
        ticker.scheduleWithFixedDelay(this::sweepQuietly, 1, interval, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    private void sweepQuietly() {
        try {
            int released = sweep();
            if (released > 0) {
                LOG.info("released " + released + " expired hold(s) of calls that never settled");
            }
        } catch (RuntimeException e) {
            // The database may be away; the next tick tries again.
            LOG.log(Level.WARNING, "could not sweep expired holds", e);
        }
    }

    /** Releases every expired hold; returns how many this sweeper released. */
    public int sweep() {
        int released = 0;
        List<UUID> expired;
        do {
            expired = ledger.expiredHolds(clock.instant(), BATCH);
            if (!expired.isEmpty()) {
                // A dead replica's journaled settlements are posted before its lease, the hold they lie within, is let
                // go; with nothing to release, the posters have them.
                ledger.applyJournal();
            }
            for (UUID hold : expired) {
                try {
                    ledger.apply(
                            new TransferRequest.VoidHold(CallCharges.transferId("expired", hold.toString()), hold));
                    released++;
                } catch (LedgerRefusedException resolved) {
                    // Settled or released meanwhile, by its call or another replica's sweeper.
                }
            }
        } while (expired.size() == BATCH);
        return released;
    }
}
