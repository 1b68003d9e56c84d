package dev.tollgate.api.ranking.control;

import dev.tollgate.db.Database;
import dev.tollgate.db.InvalidSettingException;
import dev.tollgate.db.tenancy.TenantScope;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The public rankings: which apps and models used the most tokens (prompt + completion) of answered calls. They span
 * every organisation, so they are read in the platform's scope, and only aggregates leave: an app is known only by the
 * {@code HTTP-Referer} and {@code X-Title} it sent itself, never by the organisation that called. Calls without an
 * {@code HTTP-Referer} count for their model but never make an app row. Ties are broken by requests, then by id in
 * byte order, so the order is the same on every replica.
 *
 * <p>The boards read {@code usage_hourly}, the generations summed per hour (Liquibase 0022), never the generations
 * themselves: a month is then a few hundred rows per app and model, however many calls it had.
 *
 * <p>Public pages must not cost a table scan per visitor: the boards, the daily chart and apps' pages are kept for
 * {@code tollgate.rankings.cache-seconds} (60 by default; 0 reads afresh each time), so they may be that stale. A
 * visitor who finds one older is served it as it is while it is read afresh behind him, and the boards are read once
 * at start-up: on a database of a million calls a board takes a few hundred milliseconds to sum (seconds when its
 * pages are not in memory yet), which no page view should wait for.
 */
@ApplicationScoped
public class Rankings {

    /** The most rows a board returns; the API's {@code limit} is at most this. */
    public static final int MOST = 100;

    /** The most apps whose pages are kept. */
    static final int MOST_APPS_KEPT = 1000;

    /** The days of the daily charts, today included. */
    public static final int CHART_DAYS = 30;

    private static final String TOKENS = "sum(tokens_prompt + tokens_completion)::bigint";
    private static final String BYTE_ORDER = " COLLATE \"C\"";
    private static final String REQUESTS = "sum(requests)::bigint";
    /** The title an app sent most often since a moment (the latest on a tie), or none if it never sent one. */
    private static final String TITLE_OF_APP = "SELECT app_title FROM usage_hourly WHERE http_referer = ?"
            + " AND answered AND hour >= ? AND app_title <> '' GROUP BY app_title"
            + " ORDER BY sum(requests) DESC, max(last_at) DESC, app_title" + BYTE_ORDER + " LIMIT 1";

    private static final Logger LOG = Logger.getLogger(Rankings.class.getName());

    @Inject
    Database database;

    private final DataSource fixed;
    private final Clock clock;
    private Duration cacheFor;
    private final ConcurrentHashMap<Object, Cached> cache = new ConcurrentHashMap<>();
    /** Where stale entries are read afresh: one daemon thread, or the caller's own in tests. */
    private final Executor refresher;

    private final Set<Object> refreshing = ConcurrentHashMap.newKeySet();

    private record Cached(Instant at, Object value) {}

    /** For CDI: the application's database and the configured cache time. */
    public Rankings() {
        this.fixed = null;
        this.clock = Clock.systemUTC();
        this.refresher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tollgate-rankings");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** For tests: a database of their own, a clock and a cache time; stale entries are read afresh in the caller. */
    public Rankings(DataSource dataSource, Clock clock, Duration cacheFor) {
        this.fixed = dataSource;
        this.clock = clock;
        this.cacheFor = cacheFor;
        this.refresher = Runnable::run;
    }

    /** Reads the boards and the chart once the application has started, so that the first visitor finds them. */
    void onStart(
            @Observes @Priority(Interceptor.Priority.APPLICATION + 600) @Initialized(ApplicationScoped.class)
                    Object event) {
        if (cacheFor().isZero()) {
            return;
        }
        refresher.execute(() -> {
            try {
                for (RankingPeriod period : RankingPeriod.values()) {
                    apps(period, MOST);
                    models(period, MOST);
                }
                modelsPerDay();
            } catch (RuntimeException e) {
                LOG.log(Level.INFO, "rankings not read ahead at start-up; the first visitor reads them", e);
            }
        });
    }

    /** The apps with the most tokens in the period, at most {@code limit} of them (up to {@link #MOST}). */
    public List<AppRank> apps(RankingPeriod period, int limit) {
        List<AppRank> board = cached(List.of("apps", period), () -> queryApps(since(period)));
        return board.subList(0, Math.max(0, Math.min(limit, board.size())));
    }

    /** The models with the most tokens in the period, at most {@code limit} of them (up to {@link #MOST}). */
    public List<ModelRank> models(RankingPeriod period, int limit) {
        List<ModelRank> board = cached(List.of("models", period), () -> queryModels(since(period), Optional.empty()));
        return board.subList(0, Math.max(0, Math.min(limit, board.size())));
    }

    /** Every model's tokens per UTC day over the last {@value #CHART_DAYS} days. */
    public List<DailyTokens> modelsPerDay() {
        return cached("daily", () -> queryDaily(firstChartDay(), Optional.empty()));
    }

    /** The first day of the daily charts. */
    public LocalDate firstChartDay() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(CHART_DAYS - 1);
    }

    /**
     * One app's last {@value #CHART_DAYS} days; empty when it made no answered call then. Kept like the boards, for
     * up to {@value #MOST_APPS_KEPT} apps: anyone may ask for any id, and memory must stay bounded.
     */
    public Optional<AppActivity> app(String appId) {
        List<String> key = List.of("app", appId);
        if (cache.size() >= MOST_APPS_KEPT && !cache.containsKey(key)) {
            return queryApp(appId);
        }
        return cached(key, () -> queryApp(appId));
    }

    private Optional<AppActivity> queryApp(String appId) {
        LocalDate firstDay = firstChartDay();
        Instant since = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<ModelRank> models = queryModels(since, Optional.of(appId));
        if (models.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AppActivity(
                appId,
                queryTitle(appId, since),
                models.stream().mapToLong(ModelRank::totalTokens).sum(),
                models.stream().mapToLong(ModelRank::totalRequests).sum(),
                firstDay,
                models,
                queryDaily(firstDay, Optional.of(appId))));
    }

    /**
     * The start of a period, to the hour: the boards read the hourly rollup (Liquibase 0022), so a "day" is the last
     * 24 whole hours plus the current one.
     */
    private Instant since(RankingPeriod period) {
        return clock.instant().minus(period.length()).truncatedTo(ChronoUnit.HOURS);
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(Object key, java.util.function.Supplier<T> query) {
        Duration duration = cacheFor();
        if (duration.isZero()) {
            return query.get();
        }
        Cached entry = cache.get(key);
        if (entry == null) {
            // Never read yet: computeIfAbsent makes concurrent first visitors wait for one query, not run one each.
            return (T) cache.computeIfAbsent(key, absent -> new Cached(clock.instant(), query.get()))
                    .value();
        }
        if (!entry.at().plus(duration).isAfter(clock.instant()) && refreshing.add(key)) {
            refresher.execute(() -> {
                try {
                    cache.put(key, new Cached(clock.instant(), query.get()));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not read the rankings afresh; serving the last ones", e);
                } finally {
                    refreshing.remove(key);
                }
            });
        }
        return (T) entry.value();
    }

    private Duration cacheFor() {
        if (cacheFor == null) {
            int seconds = ConfigProvider.getConfig()
                    .getOptionalValue("tollgate.rankings.cache-seconds", Integer.class)
                    .orElse(60);
            if (seconds < 0) {
                throw new InvalidSettingException("TOLLGATE_RANKINGS_CACHE_SECONDS must be 0 or more");
            }
            cacheFor = Duration.ofSeconds(seconds);
        }
        return cacheFor;
    }

    private List<AppRank> queryApps(Instant since) {
        // The board from the app index; the name each app gave itself most often, for the few shown, from the table.
        String sql = "WITH board AS (SELECT http_referer AS app_id, " + TOKENS + " AS tokens, " + REQUESTS
                + " AS requests FROM usage_hourly WHERE answered AND http_referer <> '' AND hour >= ?"
                + " GROUP BY http_referer ORDER BY tokens DESC, requests DESC, http_referer" + BYTE_ORDER + " LIMIT "
                + MOST
                + ") SELECT board.app_id, board.tokens, board.requests, named.app_title FROM board"
                + " LEFT JOIN LATERAL (" + TITLE_OF_APP.replace("http_referer = ?", "http_referer = board.app_id")
                + ") named ON true"
                + " ORDER BY board.tokens DESC, board.requests DESC, board.app_id" + BYTE_ORDER;
        return read(
                sql,
                List.of(at(since), at(since)),
                (row, rank) -> new AppRank(
                        rank, row.getString(1), Optional.ofNullable(row.getString(4)), row.getLong(2), row.getLong(3)));
    }

    private List<ModelRank> queryModels(Instant since, Optional<String> appId) {
        String sql = "SELECT model, " + TOKENS + " AS tokens, " + REQUESTS + " AS requests FROM usage_hourly"
                + " WHERE answered AND hour >= ?" + (appId.isPresent() ? " AND http_referer = ?" : "")
                + " GROUP BY model ORDER BY tokens DESC, requests DESC, model" + BYTE_ORDER
                // The board is the top; an app's page lists every model it used, so that its totals add up.
                + (appId.isPresent() ? "" : " LIMIT " + MOST);
        List<Object> parameters = new ArrayList<>(List.of(at(since)));
        appId.ifPresent(parameters::add);
        return read(
                sql, parameters, (row, rank) -> new ModelRank(rank, row.getString(1), row.getLong(2), row.getLong(3)));
    }

    private List<DailyTokens> queryDaily(LocalDate firstDay, Optional<String> appId) {
        String sql = "SELECT (hour AT TIME ZONE 'UTC')::date AS day, model, " + TOKENS + " FROM usage_hourly"
                + " WHERE answered AND hour >= ?" + (appId.isPresent() ? " AND http_referer = ?" : "")
                + " GROUP BY day, model ORDER BY day, model" + BYTE_ORDER;
        List<Object> parameters =
                new ArrayList<>(List.of(at(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant())));
        appId.ifPresent(parameters::add);
        return read(
                sql,
                parameters,
                (row, position) ->
                        new DailyTokens(row.getObject(1, LocalDate.class), row.getString(2), row.getLong(3)));
    }

    private Optional<String> queryTitle(String appId, Instant since) {
        return read(TITLE_OF_APP, List.of(appId, at(since)), (row, position) -> row.getString(1)).stream()
                .findFirst();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Reads one row; {@code position} counts from 1, which is the rank on a board. */
    private interface RowReader<T> {
        T read(ResultSet row, int position) throws SQLException;
    }

    private <T> List<T> read(String sql, List<?> parameters, RowReader<T> reader) {
        // Across organisations by nature; a portal visitor's thread is otherwise in no tenant's scope at all.
        return TenantScope.platform().call(() -> {
            try (Connection connection = dataSource().getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                List<T> rows = new ArrayList<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        rows.add(reader.read(row, rows.size() + 1));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the rankings", e);
            }
        });
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }
}
