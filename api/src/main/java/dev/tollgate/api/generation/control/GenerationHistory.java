package dev.tollgate.api.generation.control;

import dev.tollgate.api.generation.control.ActivityChoices.Choice;
import dev.tollgate.api.generation.control.ActivityEntry.AttemptOutcome;
import dev.tollgate.api.generation.control.ActivityEntry.Position;
import dev.tollgate.db.Database;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * An organisation's generations as the portal reads them: newest first a page at a time, filtered, exported as CSV,
 * and summed per UTC day and model. Every query names the organisation (row-level security stands behind it) and
 * walks an index (Liquibase 0018): a page starts from the position of the last row shown (keyset), so its cost does
 * not grow with the history, and nothing ever counts the whole history.
 */
@ApplicationScoped
public class GenerationHistory {

    /** The most rows one CSV export holds; the portal says so. */
    public static final int MAX_EXPORT_ROWS = 100_000;
    /** The days the dashboard's charts show, ending today. */
    public static final int CHART_DAYS = 30;
    /** The most entries one filter list offers. */
    public static final int MAX_CHOICES = 200;
    /** The most rows one page holds. */
    public static final int MAX_PAGE = 1_000;

    private static final String COLUMNS = "SELECT g.id, g.created_at, coalesce(g.model, g.requested_model),"
            + " g.provider, g.provider_name, g.api_key_id, coalesce(k.name, ''), g.app,"
            + " g.app_title, g.tokens_prompt, g.tokens_completion, g.tokens_reasoning, g.tokens_cached,"
            + " g.usage_estimated, g.total_cost, coalesce(g.latency_ms, 0), coalesce(g.generation_time_ms, 0),"
            + " g.finish_reason, g.streamed, g.cancelled, g.attempts::text"
            + " FROM generation g LEFT JOIN api_key k ON k.id = g.api_key_id";

    /** From the hourly rollup (Liquibase 0022): days are whole hours, so the sums are exact. */
    static final String OVERVIEW = "SELECT (u.hour AT TIME ZONE 'UTC')::date, u.model, sum(u.total_cost),"
            + " sum(u.tokens_prompt + u.tokens_completion)::bigint, sum(u.requests)::bigint FROM usage_hourly u"
            + " WHERE u.organization_id = ? AND u.hour >= ? AND u.hour < ? GROUP BY 1, 2 ORDER BY 1, 2";

    @Inject
    Database database;

    private final DataSource fixed;
    private final Clock clock;

    /** For CDI: the application's database. */
    public GenerationHistory() {
        this.fixed = null;
        this.clock = Clock.systemUTC();
    }

    /** For tests: a database of their own and a clock. */
    public GenerationHistory(DataSource dataSource, Clock clock) {
        this.fixed = dataSource;
        this.clock = clock;
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }

    /**
     * Up to {@code limit} of the organisation's generations that match {@code filter}, newest first (same instant:
     * greater id first), starting after {@code after} (from the newest when empty) and leaving out the first
     * {@code skip} of those.
     */
    public List<ActivityEntry> page(
            UUID organization, ActivityFilter filter, Optional<Position> after, int skip, int limit) {
        if (skip < 0 || limit < 0 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("skip " + skip + " and limit " + limit + " (at most " + MAX_PAGE + ")");
        }
        Query query = Query.of(organization, filter, after);
        String sql = COLUMNS + query.where() + " ORDER BY g.created_at DESC, g.id DESC OFFSET ? LIMIT ?";
        return read(sql, query.with(skip, limit), GenerationHistory::entry);
    }

    /** One of the organisation's generations, once it is stored; empty for another organisation's. */
    public Optional<ActivityEntry> find(UUID organization, String id) {
        return read(
                        COLUMNS + " WHERE g.organization_id = ? AND g.id = ?",
                        List.of(organization, id),
                        GenerationHistory::entry)
                .stream()
                .findFirst();
    }

    /** The SQL and parameters of {@link #page} with nothing skipped, for checking its plan. */
    static Query pageQuery(UUID organization, ActivityFilter filter, Optional<Position> after, int limit) {
        Query query = Query.of(organization, filter, after);
        return new Query(COLUMNS + query.where() + " ORDER BY g.created_at DESC, g.id DESC LIMIT ?", query.with(limit));
    }

    /**
     * Writes every generation matching {@code filter} as CSV, newest first, at most {@link #MAX_EXPORT_ROWS}, a page
     * at a time so that neither memory nor a transaction grows with the export.
     *
     * @return the number of generations written
     */
    public int export(UUID organization, ActivityFilter filter, Writer out) {
        ActivityCsv csv = new ActivityCsv(out);
        try {
            csv.header();
            int written = 0;
            Optional<Position> after = Optional.empty();
            while (written < MAX_EXPORT_ROWS) {
                List<ActivityEntry> page =
                        page(organization, filter, after, 0, Math.min(MAX_PAGE, MAX_EXPORT_ROWS - written));
                for (ActivityEntry entry : page) {
                    csv.row(entry);
                }
                written += page.size();
                if (page.size() < MAX_PAGE) {
                    break;
                }
                after = Optional.of(page.get(page.size() - 1).position());
            }
            out.flush();
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("the CSV export could not be written", e);
        }
    }

    /** The models, providers and apps in the organisation's history, and its keys, to filter by. */
    public ActivityChoices choices(UUID organization) {
        List<String> models = read(distinct("g.model"), List.of(organization, organization), row -> row.getString(1));
        List<String> apps = read(distinct("g.app"), List.of(organization, organization), row -> row.getString(1));
        List<Choice<String>> providers = read(
                "SELECT v.value, (SELECT g.provider_name FROM generation g WHERE g.organization_id = ?"
                        + " AND g.provider = v.value LIMIT 1) FROM (" + distinct("g.provider") + ") v",
                List.of(organization, organization, organization),
                row -> new Choice<>(
                        row.getString(1), Optional.ofNullable(row.getString(2)).orElse(row.getString(1))));
        List<Choice<UUID>> keys = read(
                "SELECT id, name, label FROM api_key WHERE organization_id = ? AND NOT management"
                        + " ORDER BY lower(name), created_at LIMIT " + MAX_CHOICES,
                List.of(organization),
                row -> new Choice<>(row.getObject(1, UUID.class), row.getString(2) + " (" + row.getString(3) + ")"));
        return new ActivityChoices(models, providers, keys, apps);
    }

    /**
     * The distinct non-null values of {@code column} in the organisation's history, in order, found by skipping
     * through its index from one value to the next (a loose index scan): a step per value, not a row per call.
     */
    static String distinct(String column) {
        return "WITH RECURSIVE v(value) AS ((SELECT " + column + " FROM generation g WHERE g.organization_id = ?"
                + " AND " + column + " IS NOT NULL ORDER BY 1 LIMIT 1) UNION ALL SELECT (SELECT " + column
                + " FROM generation g WHERE g.organization_id = ? AND " + column + " > v.value ORDER BY 1 LIMIT 1)"
                + " FROM v WHERE v.value IS NOT NULL) SELECT value FROM v WHERE value IS NOT NULL LIMIT "
                + MAX_CHOICES;
    }

    /** Spend today, this week and this month, and usage per day and model over the chart's days; all UTC. */
    public UsageOverview overview(UUID organization) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate chartStart = today.minusDays(CHART_DAYS - 1L);
        LocalDate weekStart = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate first = chartStart.isBefore(monthStart) ? chartStart : monthStart;
        List<DailyUsage> all = read(
                OVERVIEW,
                List.of(organization, utc(first), utc(today.plusDays(1))),
                row -> new DailyUsage(
                        row.getObject(1, LocalDate.class),
                        row.getString(2),
                        row.getBigDecimal(3),
                        row.getLong(4),
                        row.getLong(5)));
        List<LocalDate> days = chartStart.datesUntil(today.plusDays(1)).toList();
        return new UsageOverview(
                spendSince(all, today),
                spendSince(all, weekStart),
                spendSince(all, monthStart),
                days,
                all.stream().filter(usage -> !usage.day().isBefore(chartStart)).toList());
    }

    private static BigDecimal spendSince(List<DailyUsage> daily, LocalDate first) {
        return daily.stream()
                .filter(usage -> !usage.day().isBefore(first))
                .map(DailyUsage::spend)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static OffsetDateTime utc(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static ActivityEntry entry(ResultSet row) throws SQLException {
        List<AttemptOutcome> attempts = new ArrayList<>();
        for (JsonValue value : WireJson.parse(row.getString(21)).asJsonArray()) {
            JsonObject attempt = value.asJsonObject();
            attempts.add(new AttemptOutcome(
                    attempt.getString("provider_name", attempt.getString("provider", "")),
                    attempt.getInt("status", 0),
                    WireJson.longField(attempt, "latency")));
        }
        return new ActivityEntry(
                row.getString(1),
                row.getObject(2, OffsetDateTime.class).toInstant(),
                row.getString(3),
                Optional.ofNullable(row.getString(4)),
                Optional.ofNullable(row.getString(5)),
                row.getObject(6, UUID.class),
                row.getString(7),
                Optional.ofNullable(row.getString(8)),
                Optional.ofNullable(row.getString(9)),
                new TokenUsage(row.getLong(10), row.getLong(11), row.getLong(12), row.getLong(13)),
                row.getBoolean(14),
                row.getBigDecimal(15),
                row.getLong(16),
                row.getLong(17),
                Optional.ofNullable(row.getString(18)),
                row.getBoolean(19),
                row.getBoolean(20),
                attempts);
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private <T> List<T> read(String sql, List<Object> parameters, RowReader<T> reader) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Query.bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(reader.read(rows));
                }
                return found;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the organisation's generations", e);
        }
    }

    /** A WHERE clause and its parameters, in order. */
    record Query(String sql, List<Object> parameters) {

        static Query of(UUID organization, ActivityFilter filter, Optional<Position> after) {
            StringBuilder where = new StringBuilder(" WHERE g.organization_id = ?");
            List<Object> parameters = new ArrayList<>(List.of(organization));
            filter.model().ifPresent(value -> add(where, parameters, " AND g.model = ?", value));
            filter.provider().ifPresent(value -> add(where, parameters, " AND g.provider = ?", value));
            filter.key().ifPresent(value -> add(where, parameters, " AND g.api_key_id = ?", value));
            filter.app().ifPresent(value -> add(where, parameters, " AND g.app = ?", value));
            filter.from().ifPresent(value -> add(where, parameters, " AND g.created_at >= ?", utc(value)));
            filter.until().ifPresent(value -> add(where, parameters, " AND g.created_at < ?", utc(value)));
            after.ifPresent(position -> {
                // The first part bounds the index scan; the second drops the rows of the same instant shown already.
                add(where, parameters, " AND g.created_at <= ?", utc(position.createdAt()));
                where.append(" AND (g.created_at < ? OR g.id < ?)");
                parameters.add(utc(position.createdAt()));
                parameters.add(position.id());
            });
            return new Query(where.toString(), parameters);
        }

        String where() {
            return sql;
        }

        List<Object> with(Object... more) {
            List<Object> all = new ArrayList<>(parameters);
            all.addAll(List.of(more));
            return all;
        }

        private static void add(StringBuilder where, List<Object> parameters, String condition, Object value) {
            where.append(condition);
            parameters.add(value);
        }

        private static OffsetDateTime utc(Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }

        static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
        }
    }
}
