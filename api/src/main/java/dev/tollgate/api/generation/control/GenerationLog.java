package dev.tollgate.api.generation.control;

import dev.tollgate.db.Database;
import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.dispatch.Attempt;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stores generations in batches on a background thread, so an answer never waits for the database. Until a record is
 * written it is served from memory; a failed batch is retried, in order, until the database takes it. A full queue
 * makes the caller write its own record: memory stays bounded and nothing is dropped.
 */
@ApplicationScoped
public class GenerationLog {

    private static final Logger LOG = Logger.getLogger(GenerationLog.class.getName());
    private static final int BATCH = 500;
    private static final int QUEUE = 50_000;
    /** How long a batch waits for more records after its first; what another replica may see them later. */
    private static final long LINGER_MILLIS = 20;
    /**
     * A whole batch in one statement, over one array per column: the batch is planned once, and the hourly rollup's
     * statement trigger (Liquibase 0022) runs once for it. A JDBC batch of single-row inserts ran both once per row.
     * Every array is sent as text and cast here, so no value depends on the driver's mapping of Java types.
     */
    private static final String INSERT = "INSERT INTO generation (id, organization_id, api_key_id, requested_model,"
            + " model, provider, provider_name, endpoint_id, streamed, cancelled, finish_reason, native_finish_reason,"
            + " tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, usage_estimated, total_cost,"
            + " upstream_cost, latency_ms, generation_time_ms, http_referer, app_title, attempts, created_at, routing)"
            + " SELECT id, organization_id, api_key_id, requested_model, model, provider, provider_name, endpoint_id,"
            + " streamed, cancelled, finish_reason, native_finish_reason, tokens_prompt, tokens_completion,"
            + " tokens_reasoning, tokens_cached, usage_estimated, total_cost, upstream_cost, latency_ms,"
            + " generation_time_ms, http_referer, app_title, attempts::jsonb, created_at, routing::jsonb"
            + " FROM unnest(?::text[], ?::text[]::uuid[], ?::text[]::uuid[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[]::uuid[], ?::text[]::boolean[], ?::text[]::boolean[], ?::text[], ?::text[],"
            + " ?::text[]::bigint[], ?::text[]::bigint[], ?::text[]::bigint[], ?::text[]::bigint[],"
            + " ?::text[]::boolean[], ?::text[]::numeric[], ?::text[]::numeric[], ?::text[]::integer[],"
            + " ?::text[]::integer[], ?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[], ?::text[])"
            + " AS g(id, organization_id, api_key_id, requested_model, model, provider, provider_name, endpoint_id,"
            + " streamed, cancelled, finish_reason, native_finish_reason, tokens_prompt, tokens_completion,"
            + " tokens_reasoning, tokens_cached, usage_estimated, total_cost, upstream_cost, latency_ms,"
            + " generation_time_ms, http_referer, app_title, attempts, created_at, routing)"
            + " ON CONFLICT (id) DO NOTHING";

    private static final String SELECT = "SELECT id, organization_id, api_key_id, requested_model, model, provider,"
            + " provider_name, endpoint_id, streamed, cancelled, finish_reason, native_finish_reason, tokens_prompt,"
            + " tokens_completion, tokens_reasoning, tokens_cached, usage_estimated, total_cost, upstream_cost,"
            + " latency_ms, generation_time_ms, http_referer, app_title, attempts::text, created_at, routing::text"
            + " FROM generation WHERE id = ? AND organization_id = ?";

    private final LinkedBlockingQueue<Generation> queue = new LinkedBlockingQueue<>(QUEUE);
    private final ConcurrentHashMap<String, Generation> unwritten = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread writer;

    @Inject
    Database database;

    @PostConstruct
    void start() {
        running = true;
        writer = new Thread(this::writeContinuously, "tollgate-generation-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Generation> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            try {
                insert(rest);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not store " + rest.size() + " generation records at shutdown", e);
            }
        }
    }

    public void record(Generation generation) {
        unwritten.put(generation.id(), generation);
        if (!queue.offer(generation)) {
            try {
                insert(List.of(generation));
                unwritten.remove(generation.id());
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not store generation " + generation.id(), e);
            }
        }
    }

    /** A generation of this organisation's; empty for another organisation's, as for an unknown one. */
    public Optional<Generation> find(UUID organizationId, String id) {
        Generation pending = unwritten.get(id);
        if (pending != null) {
            return Optional.of(pending).filter(found -> found.organizationId().equals(organizationId));
        }
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, id);
            select.setObject(2, organizationId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read generation " + id, e);
        }
    }

    private void writeContinuously() {
        List<Generation> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Generation first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    if (batch.size() < BATCH) {
                        // A moment for the calls finishing now to join: one statement for several records costs
                        // the database little more than for one (bench/RESULTS.md, "Settlement and generation records
                        // in PostgreSQL").
                        Thread.sleep(LINGER_MILLIS);
                        queue.drainTo(batch, BATCH - batch.size());
                    }
                }
                insert(batch);
                batch.forEach(generation -> unwritten.remove(generation.id(), generation));
                batch.clear();
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not store " + batch.size() + " generation records; retrying", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    if (!running) {
                        break;
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            queue.addAll(batch);
        }
    }

    private void insert(List<Generation> batch) throws SQLException {
        List<String[]> rows = batch.stream().map(GenerationLog::row).toList();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (int column = 0; column < rows.get(0).length; column++) {
                String[] values = new String[rows.size()];
                for (int row = 0; row < values.length; row++) {
                    values[row] = rows.get(row)[column];
                }
                insert.setArray(column + 1, connection.createArrayOf("text", values));
            }
            insert.executeUpdate();
        }
    }

    /** A generation's columns, in {@link #INSERT}'s order, as PostgreSQL reads them from text. */
    private static String[] row(Generation generation) {
        return new String[] {
            generation.id(),
            generation.organizationId().toString(),
            Objects.toString(generation.keyId(), null),
            generation.requestedModel(),
            generation.model().orElse(null),
            generation.provider().orElse(null),
            generation.providerName().orElse(null),
            generation.endpointId().map(UUID::toString).orElse(null),
            Boolean.toString(generation.streamed()),
            Boolean.toString(generation.cancelled()),
            generation.finishReason().orElse(null),
            generation.nativeFinishReason().orElse(null),
            Long.toString(generation.usage().promptTokens()),
            Long.toString(generation.usage().completionTokens()),
            Long.toString(generation.usage().reasoningTokens()),
            Long.toString(generation.usage().cachedPromptTokens()),
            Boolean.toString(generation.usageEstimated()),
            plain(generation.totalCost()),
            plain(generation.upstreamCost()),
            Long.toString(Math.min(Integer.MAX_VALUE, generation.latencyMillis())),
            Long.toString(Math.min(Integer.MAX_VALUE, generation.generationMillis())),
            generation.httpReferer().orElse(null),
            generation.appTitle().orElse(null),
            WireJson.write(attempts(generation.attempts())),
            generation.createdAt().toString(),
            WireJson.write(WireJson.object()
                    .add("candidates", WireJson.strings(generation.candidates()))
                    .add("excluded", WireJson.strings(generation.excluded()))
                    .build())
        };
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static List<String> strings(JsonObject routing, String field) {
        return WireJson.arrayField(routing, field)
                .map(array -> array.getValuesAs(jakarta.json.JsonString::getString))
                .orElse(List.of());
    }

    private static JsonArray attempts(List<Attempt> attempts) {
        JsonArrayBuilder array = WireJson.array();
        for (Attempt attempt : attempts) {
            array.add(WireJson.object()
                    .add("endpoint_id", attempt.endpointId().toString())
                    .add("model", attempt.model())
                    .add("provider", attempt.provider())
                    .add("provider_name", attempt.providerName())
                    .add("status", attempt.status())
                    .add("error", WireJson.stringOrNull(attempt.error()))
                    .add("latency", attempt.latencyMillis()));
        }
        return array.build();
    }

    private static Generation read(ResultSet row) throws SQLException {
        JsonObject routing = WireJson.parseObject(row.getString(26));
        List<Attempt> attempts = new ArrayList<>();
        JsonArray stored = WireJson.parse(row.getString(24)).asJsonArray();
        for (JsonValue value : stored) {
            JsonObject attempt = value.asJsonObject();
            attempts.add(new Attempt(
                    UUID.fromString(attempt.getString("endpoint_id")),
                    attempt.getString("model"),
                    attempt.getString("provider"),
                    attempt.getString("provider_name"),
                    attempt.getInt("status"),
                    WireJson.stringField(attempt, "error"),
                    attempt.getJsonNumber("latency").longValue()));
        }
        return new Generation(
                row.getString(1),
                row.getObject(2, UUID.class),
                row.getObject(3, UUID.class),
                row.getString(4),
                Optional.ofNullable(row.getString(5)),
                Optional.ofNullable(row.getString(6)),
                Optional.ofNullable(row.getString(7)),
                Optional.ofNullable(row.getObject(8, UUID.class)),
                row.getBoolean(9),
                row.getBoolean(10),
                Optional.ofNullable(row.getString(11)),
                Optional.ofNullable(row.getString(12)),
                new TokenUsage(row.getLong(13), row.getLong(14), row.getLong(15), row.getLong(16)),
                row.getBoolean(17),
                row.getBigDecimal(18),
                row.getBigDecimal(19),
                row.getInt(20),
                row.getInt(21),
                Optional.ofNullable(row.getString(22)),
                Optional.ofNullable(row.getString(23)),
                attempts,
                strings(routing, "candidates"),
                strings(routing, "excluded"),
                row.getTimestamp(25).toInstant());
    }
}
