package dev.tollgate.billing.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.FreshDatabase;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.TransferRequest.Post;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Free-model quotas against a real PostgreSQL, each test on a fresh database with a clock it moves itself. */
class FreeQuotasTest {

    private static final Instant TUESDAY_10_15_30 = Instant.parse("2026-11-24T10:15:30Z");

    private DataSource database;
    private MovableClock clock;
    private FreeQuotas quotas;
    private Ledger ledger;
    private UUID org;
    private ExecutorService threads;

    @BeforeEach
    void freshQuotas() {
        database = FreshDatabase.create();
        clock = new MovableClock(TUESDAY_10_15_30);
        quotas = new FreeQuotas(database, FreeQuotaLimits.DEFAULTS, clock);
        ledger = new Ledger(database);
        org = UUID.randomUUID();
    }

    @AfterEach
    void stopThreads() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    @Test
    void twentyAMinuteThenRefusedUntilTheMinuteEnds() throws SQLException {
        FreeQuotaDecision first = quotas.admit(org);
        assertTrue(first.admitted());
        assertEquals(FreeQuotaWindow.MINUTE, first.window(), "19 left this minute is tighter than 49 today");
        assertEquals(20, first.limit());
        assertEquals(19, first.remaining());
        assertEquals(Instant.parse("2026-11-24T10:16:00Z"), first.reset());
        for (int i = 2; i <= 20; i++) {
            assertTrue(quotas.admit(org).admitted(), "request " + i);
        }

        FreeQuotaDecision refused = quotas.admit(org);
        assertFalse(refused.admitted());
        assertEquals(FreeQuotaWindow.MINUTE, refused.window());
        assertEquals(Optional.of("Rate limit exceeded: free-models-per-min."), refused.refusal());
        assertEquals(
                Map.of(
                        "X-RateLimit-Limit", "20",
                        "X-RateLimit-Remaining", "0",
                        "X-RateLimit-Reset",
                                Long.toString(
                                        Instant.parse("2026-11-24T10:16:00Z").toEpochMilli()),
                        "Retry-After", "30"),
                refused.headers());
        assertTrue(quotas.admit(UUID.randomUUID()).admitted(), "another organisation has its own windows");

        clock.advance(Duration.ofMillis(29_500));
        assertEquals(1, quotas.admit(org).retryAfterSeconds(), "half a second left is said as one");
        clock.advance(Duration.ofMillis(500));
        FreeQuotaDecision nextMinute = quotas.admit(org);
        assertTrue(nextMinute.admitted());
        assertEquals(19, nextMinute.remaining());
        assertEquals(Instant.parse("2026-11-24T10:17:00Z"), nextMinute.reset());
        assertEquals(21, used(FreeQuotaWindow.DAY), "refused requests were not counted in the day");
    }

    @Test
    void anOrganisationOverItsQuotaIsRefusedFromMemoryUntilTheWindowEnds() {
        AtomicInteger connections = new AtomicInteger();
        DataSource counting = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(database, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        FreeQuotas counted = new FreeQuotas(counting, FreeQuotaLimits.DEFAULTS, clock);
        for (int i = 0; i < 20; i++) {
            assertTrue(counted.admit(org).admitted());
        }
        assertTrue(counted.knownRefusal(org).isEmpty(), "nothing refused yet");
        assertFalse(counted.admit(org).admitted());
        int afterRefusal = connections.get();
        for (int i = 0; i < 100; i++) {
            FreeQuotaDecision again = counted.admit(org);
            assertEquals(Optional.of("Rate limit exceeded: free-models-per-min."), again.refusal());
            assertEquals(30, again.retryAfterSeconds());
        }
        assertEquals("30", counted.knownRefusal(org).orElseThrow().headers().get("Retry-After"));
        assertEquals(afterRefusal, connections.get(), "a known refusal costs no database work");
        assertTrue(counted.knownRefusal(UUID.randomUUID()).isEmpty(), "another organisation is not refused");

        clock.advance(Duration.ofSeconds(30));
        assertTrue(counted.knownRefusal(org).isEmpty(), "the next minute is counted afresh");
        assertTrue(counted.admit(org).admitted());
    }

    @Test
    void fiftyADayWithoutPurchasesAndARefusalByTheDayCountsInNoWindow() throws SQLException {
        int admitted = 0;
        while (quotas.admit(org).admitted()) {
            admitted++;
            if (admitted % 20 == 0) {
                clock.advance(Duration.ofMinutes(1));
            }
        }
        assertEquals(50, admitted);
        assertEquals(10, used(FreeQuotaWindow.MINUTE), "the refusal by the day did not count in the minute");
        clock.set(Instant.parse("2026-11-24T23:59:59.200Z"));
        FreeQuotaDecision refused = quotas.admit(org);
        assertEquals(FreeQuotaWindow.DAY, refused.window());
        assertEquals(50, refused.limit());
        assertEquals(0, refused.remaining());
        assertEquals(Instant.parse("2026-11-25T00:00:00Z"), refused.reset(), "days end at midnight UTC");
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(
                Optional.of("Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model"
                        + " requests per day"),
                refused.refusal());
        assertEquals(0, used(FreeQuotaWindow.MINUTE), "the day refused it, so this minute did not count it");

        clock.set(Instant.parse("2026-11-25T00:00:00Z"));
        FreeQuotaDecision tomorrow = quotas.admit(org);
        assertTrue(tomorrow.admitted());
        assertEquals(19, tomorrow.remaining());
    }

    @Test
    void tenDollarsBoughtUnlockAThousandADayButGrantsDoNot() {
        FreeQuotas generousMinutes =
                new FreeQuotas(database, new FreeQuotaLimits(5000, 50, 1000, new BigDecimal("10")), clock);
        UUID credits = ledger.account(AccountKind.ORG_CREDITS, org.toString());
        UUID stripe = ledger.account(AccountKind.PAYMENTS_CLEARING, "stripe");
        post(ledger.account(AccountKind.GRANTS, AccountKind.PLATFORM), credits, "100", "grant");
        post(stripe, credits, "9.99", "topup");
        assertEquals(0, new BigDecimal("9.99").compareTo(generousMinutes.purchasedCredits(org)));
        assertEquals(50, generousMinutes.admit(org).limit(), "a $100 grant and $9.99 bought: still 50");

        post(stripe, credits, "1.01", "topup");
        post(credits, stripe, "0.50", "topup_refund");
        assertEquals(0, new BigDecimal("10.50").compareTo(generousMinutes.purchasedCredits(org)));
        assertEquals(50, generousMinutes.admit(org).limit(), "the purchase is seen within a minute, not at once");
        clock.advance(FreeQuotas.PURCHASES_REMEMBERED);
        int admitted = 2;
        FreeQuotaDecision decision;
        while ((decision = generousMinutes.admit(org)).admitted()) {
            admitted++;
            assertEquals(1000, decision.limit());
            assertEquals(1000 - admitted, decision.remaining());
        }
        assertEquals(1000, admitted);
        assertEquals(FreeQuotaWindow.DAY, decision.window());
        assertEquals(Optional.of("Rate limit exceeded: free-models-per-day."), decision.refusal());

        post(credits, stripe, "1", "topup_refund");
        clock.advance(Duration.ofDays(1).plus(FreeQuotas.PURCHASES_REMEMBERED));
        assertEquals(50, generousMinutes.admit(org).limit(), "refunded below $10: back to 50");
    }

    @Test
    void fortyConcurrentRequestsAdmitExactlyTwenty() throws Exception {
        threads = Executors.newFixedThreadPool(40);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<FreeQuotaDecision>> decisions = new ArrayList<>();
        for (int i = 0; i < 40 * 3; i++) {
            decisions.add(threads.submit(() -> {
                start.await();
                return quotas.admit(org);
            }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<FreeQuotaDecision> decision : decisions) {
            if (decision.get().admitted()) {
                admitted++;
            }
        }
        assertEquals(20, admitted);
        assertEquals(20, used(FreeQuotaWindow.MINUTE));
        assertEquals(20, used(FreeQuotaWindow.DAY));
    }

    @Test
    void windowsOlderThanTwoDaysAreDeletedAtMostHourly() throws SQLException {
        quotas.admit(org);
        clock.set(Instant.parse("2026-11-26T10:15:00Z"));
        quotas.admit(org);
        assertEquals(
                Instant.parse("2026-11-24T10:15:00Z"),
                oldestWindow(),
                "the day of the 24th is more than two days old and went; its 10:15 minute is just two days old");
        clock.advance(Duration.ofMinutes(30));
        quotas.admit(org);
        assertEquals(Instant.parse("2026-11-24T10:15:00Z"), oldestWindow(), "the next cleanup is due in an hour");
        clock.advance(Duration.ofMinutes(30));
        quotas.admit(org);
        assertEquals(Instant.parse("2026-11-26T00:00:00Z"), oldestWindow(), "today's day window is the oldest left");
    }

    private void post(UUID debit, UUID credit, String amount, String code) {
        ledger.apply(new Post(UUID.randomUUID(), debit, credit, new BigDecimal(amount), code, Optional.empty()));
    }

    /** The organisation's count in the window that holds the clock's moment. */
    private int used(FreeQuotaWindow window) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(used), 0) FROM"
                        + " free_quota_window WHERE organization_id = ? AND kind = ? AND starts_at = ?")) {
            select.setObject(1, org);
            select.setString(2, window.kind());
            select.setTimestamp(3, Timestamp.from(window.start(clock.instant())));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private Instant oldestWindow() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT min(starts_at) FROM free_quota_window");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }
}
