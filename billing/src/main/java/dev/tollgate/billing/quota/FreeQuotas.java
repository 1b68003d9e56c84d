package dev.tollgate.billing.quota;

import dev.tollgate.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Free-model quotas per organisation, shared by every replica because the counts live in PostgreSQL
 * ({@code free_quota_window}). A request is counted in the day window and then in the minute window, each by one
 * upsert that adds 1 only while the count is under the limit; both run in one database transaction, so a request
 * refused by either window counts in neither. Concurrent requests of an organisation queue on its two rows (always
 * locked in the same order: no deadlocks), so no more than the limit are ever admitted.
 *
 * <p>The day limit is raised once the organisation has bought credits ({@link #purchasedCredits}); that answer is
 * remembered for {@link #PURCHASES_REMEMBERED} per organisation, so a purchase unlocks the higher limit within a
 * minute. Windows older than {@link #KEPT} are deleted at most once per {@link #CLEANUP_EVERY} per replica.
 */
@ApplicationScoped
public class FreeQuotas {

    private static final Logger LOG = Logger.getLogger(FreeQuotas.class.getName());

    static final Duration PURCHASES_REMEMBERED = Duration.ofMinutes(1);
    static final Duration KEPT = Duration.ofDays(2);
    static final Duration CLEANUP_EVERY = Duration.ofHours(1);

    @Inject
    Database database;

    private final DataSource fixed;
    private final Clock clock;
    private volatile FreeQuotaLimits limits;
    private final Map<UUID, Purchases> purchases = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextCleanup = new AtomicReference<>(Instant.EPOCH);

    /**
     * Refusals this replica made, until their window ends (a day's at most {@link #PURCHASES_REMEMBERED}, so that a
     * purchase unlocks as soon as it would otherwise): an organisation over its quota is refused from memory, without a
     * database round trip or a row lock, however hard it keeps calling.
     */
    private final Map<UUID, KnownRefusal> refusals = new ConcurrentHashMap<>();

    private record KnownRefusal(FreeQuotaWindow window, int limit, String message, Instant until) {}

    /** Whether an organisation had bought enough, as read at {@code readAt}. */
    private record Purchases(boolean unlocked, Instant readAt) {}

    /** For CDI: the application's database, the settings from MicroProfile Config, the system clock. */
    public FreeQuotas() {
        this.fixed = null;
        this.clock = Clock.systemUTC();
    }

    /** For tests: a database, limits and a clock of their own. */
    public FreeQuotas(DataSource dataSource, FreeQuotaLimits limits, Clock clock) {
        this.fixed = dataSource;
        this.limits = limits;
        this.clock = clock;
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }

    public FreeQuotaLimits limits() {
        if (limits == null) {
            limits = FreeQuotaLimits.from(ConfigProvider.getConfig());
        }
        return limits;
    }

    /**
     * Counts one free-model request of the organisation if both its windows have room, or refuses it and counts
     * nothing. Call it once per request, before dispatch.
     */
    public FreeQuotaDecision admit(UUID organizationId) {
        Instant now = clock.instant();
        Optional<FreeQuotaDecision> known = knownRefusal(organizationId, now);
        if (known.isPresent()) {
            return known.get();
        }
        FreeQuotaLimits limits = limits();
        boolean unlocked = unlocked(organizationId, now, limits);
        int perDay = unlocked ? limits.perDayPurchased() : limits.perDay();
        FreeQuotaDecision decision;
        try {
            decision = count(organizationId, now, perDay, limits.perMinute(), unlocked);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the free-model requests of " + organizationId, e);
        }
        cleanUpWhenDue(now);
        if (!decision.admitted()) {
            Instant until = decision.window() == FreeQuotaWindow.DAY
                    ? min(decision.reset(), now.plus(PURCHASES_REMEMBERED))
                    : decision.reset();
            refusals.put(
                    organizationId,
                    new KnownRefusal(
                            decision.window(),
                            decision.limit(),
                            decision.refusal().orElseThrow(),
                            until));
        }
        return decision;
    }

    /**
     * The refusal of a free-model request that this replica already knows about, with no database work: the call can
     * be refused before anything is held for it. Empty when the quota must be counted ({@link #admit}).
     */
    public Optional<FreeQuotaDecision> knownRefusal(UUID organizationId) {
        return knownRefusal(organizationId, clock.instant());
    }

    private Optional<FreeQuotaDecision> knownRefusal(UUID organizationId, Instant now) {
        KnownRefusal known = refusals.get(organizationId);
        if (known == null) {
            return Optional.empty();
        }
        if (!now.isBefore(known.until())) {
            refusals.remove(organizationId, known);
            return Optional.empty();
        }
        return Optional.of(FreeQuotaDecision.refused(known.window(), known.limit(), now, known.message()));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private FreeQuotaDecision count(UUID organizationId, Instant now, int perDay, int perMinute, boolean unlocked)
            throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                // The day first: when both are used up, the refusal names the window that matters to the caller.
                OptionalInt day = countIn(connection, organizationId, FreeQuotaWindow.DAY, now, perDay);
                if (day.isEmpty()) {
                    return refuse(connection, FreeQuotaWindow.DAY, perDay, now, unlocked);
                }
                OptionalInt minute = countIn(connection, organizationId, FreeQuotaWindow.MINUTE, now, perMinute);
                if (minute.isEmpty()) {
                    return refuse(connection, FreeQuotaWindow.MINUTE, perMinute, now, unlocked);
                }
                connection.commit();
                int dayLeft = perDay - day.getAsInt();
                int minuteLeft = perMinute - minute.getAsInt();
                return minuteLeft < dayLeft
                        ? FreeQuotaDecision.admitted(FreeQuotaWindow.MINUTE, perMinute, minuteLeft, now)
                        : FreeQuotaDecision.admitted(FreeQuotaWindow.DAY, perDay, dayLeft, now);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Undoes what this request counted (a refusal by the minute takes back its count in the day) and says why. */
    private FreeQuotaDecision refuse(
            Connection connection, FreeQuotaWindow window, int limit, Instant now, boolean unlocked)
            throws SQLException {
        connection.rollback();
        return FreeQuotaDecision.refused(window, limit, now, refusal(window, unlocked));
    }

    /** The window's count after this request, or empty when the window is full (then nothing was changed). */
    private static OptionalInt countIn(
            Connection connection, UUID organizationId, FreeQuotaWindow window, Instant now, int limit)
            throws SQLException {
        if (limit <= 0) {
            return OptionalInt.empty();
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO free_quota_window AS w (organization_id, kind, starts_at, used) VALUES (?, ?, ?, 1)"
                        + " ON CONFLICT (organization_id, kind, starts_at) DO UPDATE SET used = w.used + 1"
                        + " WHERE w.used < ? RETURNING used")) {
            upsert.setObject(1, organizationId);
            upsert.setString(2, window.kind());
            upsert.setTimestamp(3, Timestamp.from(window.start(now)));
            upsert.setInt(4, limit);
            try (ResultSet row = upsert.executeQuery()) {
                return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** OpenRouter's words: "Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 …". */
    private String refusal(FreeQuotaWindow window, boolean unlocked) {
        String message = "Rate limit exceeded: " + window.limitName() + ".";
        if (window == FreeQuotaWindow.DAY && !unlocked && limits().perDayPurchased() > limits().perDay()) {
            message +=
                    " Add " + limits().purchasedThreshold().stripTrailingZeros().toPlainString() + " credits to unlock "
                            + limits().perDayPurchased() + " free model requests per day";
        }
        return message;
    }

    private boolean unlocked(UUID organizationId, Instant now, FreeQuotaLimits limits) {
        Purchases known = purchases.get(organizationId);
        if (known == null || !now.isBefore(known.readAt().plus(PURCHASES_REMEMBERED))) {
            known = new Purchases(purchasedCredits(organizationId).compareTo(limits.purchasedThreshold()) >= 0, now);
            purchases.put(organizationId, known);
        }
        return known.unlocked();
    }

    /**
     * USD of credits the organisation has bought: its posted {@code topup} credits less its posted
     * {@code topup_refund} debits. Grants are gifts and do not count, as on OpenRouter, where only purchases unlock
     * the higher free limit.
     */
    public BigDecimal purchasedCredits(UUID organizationId) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT"
                        + " coalesce((SELECT sum(amount) FROM ledger_transfer"
                        + " WHERE credit_account = a.id AND code = 'topup' AND state = 'posted'), 0)"
                        + " - coalesce((SELECT sum(amount) FROM ledger_transfer"
                        + " WHERE debit_account = a.id AND code = 'topup_refund' AND state = 'posted'), 0)"
                        + " FROM ledger_account a WHERE a.kind = 'org_credits' AND a.owner = ?")) {
            select.setString(1, organizationId.toString());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getBigDecimal(1) : BigDecimal.ZERO;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sum the purchases of " + organizationId, e);
        }
    }

    /** Deletes windows nobody asks about any more; one replica's request an hour pays for it. */
    private void cleanUpWhenDue(Instant now) {
        Instant due = nextCleanup.get();
        if (now.isBefore(due) || !nextCleanup.compareAndSet(due, now.plus(CLEANUP_EVERY))) {
            return;
        }
        purchases.values().removeIf(known -> !now.isBefore(known.readAt().plus(PURCHASES_REMEMBERED)));
        try (Connection connection = dataSource().getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM free_quota_window WHERE starts_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(now.minus(KEPT)));
            delete.executeUpdate();
        } catch (SQLException e) {
            // The request was counted and may go ahead; the next hour's cleanup deletes these rows too.
            LOG.log(Level.WARNING, "cannot delete old free-model quota windows", e);
        }
    }
}
