package dev.tollgate.billing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.ledger.AccountBalance;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.db.DatabaseOutage;
import java.math.BigDecimal;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With the database away, the calls queued behind an organisation's lease renewal fail with it, instead of each
 * waiting for a connection in turn; a call that comes after tries again.
 */
class CreditLeasesOutageTest {

    private final AtomicInteger balanceReads = new AtomicInteger();
    private final CountDownLatch firstMayFail = new CountDownLatch(1);

    private final Ledger away = new Ledger((DataSource) null) {
        @Override
        public AccountBalance balanceAsPosted(UUID account) {
            if (balanceReads.incrementAndGet() == 1) {
                try {
                    firstMayFail.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IllegalStateException(
                    "cannot read account " + account,
                    new SQLTransientConnectionException("tollgate - Connection is not available", "08001"));
        }
    };

    private final CreditLeases leases = new CreditLeases(
            away,
            hold -> Optional.empty(),
            UUID::randomUUID,
            8,
            Duration.ofMinutes(5),
            Duration.ofHours(1),
            Duration.ofSeconds(2),
            Clock.systemUTC());

    @Test
    // Its callers wait for each other; should a renewal never reach the failing read, they would wait for good.
    @Timeout(120)
    void callsQueuedBehindAFailedRenewalFailWithItAndALaterCallTriesAgain() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID credits = UUID.randomUUID();
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread caller = new Thread(() -> {
                try {
                    leases.hold(organization, credits, new BigDecimal("0.01"));
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            });
            caller.start();
            callers.add(caller);
            if (i == 0) {
                while (balanceReads.get() == 0) {
                    Thread.sleep(5);
                }
            } else {
                while (caller.getState() != Thread.State.BLOCKED) {
                    Thread.sleep(5);
                }
            }
        }
        firstMayFail.countDown();
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertEquals(1, balanceReads.get(), "one renewal tried; the three queued behind it did not try again");
        assertEquals(4, failures.size());
        failures.forEach(failure -> assertTrue(DatabaseOutage.explains(failure), failure.toString()));

        try {
            leases.hold(organization, credits, new BigDecimal("0.01"));
        } catch (IllegalStateException stillAway) {
            // As expected: the database is still away.
        }
        assertEquals(2, balanceReads.get(), "a call that came after the failure tried again");
    }
}
