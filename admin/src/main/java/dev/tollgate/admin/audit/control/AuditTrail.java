package dev.tollgate.admin.audit.control;

import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.Session;

/**
 * The audit log's door. A change records its entry on its own connection, inside its own transaction, so that the
 * change and its entry commit together or not at all: there is no way to record afterwards, and none to record
 * elsewhere. The table refuses updates and deletions (Liquibase 0026); reading it needs the platform's scope, which
 * only operators' work has.
 */
@ApplicationScoped
public class AuditTrail {

    // The label a door did not know is read from the account or key the actor names, as it is at this moment.
    private static final String INSERT = "INSERT INTO audit_entry (actor_kind, actor_id, actor_label, organization_id,"
            + " action, target, before, after) VALUES (?, ?, coalesce(nullif(?, ''),"
            + " (SELECT email FROM account WHERE id = ?::uuid), (SELECT label FROM api_key WHERE id = ?::uuid), ''),"
            + " ?, ?, ?, ?::jsonb, ?::jsonb)";

    @Inject
    Database database;

    private final DataSource fixed;

    /** For CDI: the application's database. */
    public AuditTrail() {
        this.fixed = null;
    }

    /** For tests: a database of their own. */
    public AuditTrail(DataSource dataSource) {
        this.fixed = dataSource;
    }

    /** Records {@code entry} in the transaction {@code connection} is in. */
    public static void record(Connection connection, AuditEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            Actor actor = entry.actor();
            String id = actor.id().orElse(null);
            boolean resolve = id != null && actor.label().isEmpty();
            boolean person = actor.kind() == Actor.Kind.ACCOUNT || actor.kind() == Actor.Kind.OPERATOR;
            insert.setString(1, actor.kind().value());
            insert.setString(2, id);
            insert.setString(3, actor.label());
            insert.setString(4, resolve && person ? id : null);
            insert.setString(5, resolve && actor.kind() == Actor.Kind.MANAGEMENT_KEY ? id : null);
            insert.setObject(6, entry.organization().orElse(null));
            insert.setString(7, entry.action());
            insert.setString(8, entry.target());
            insert.setString(9, entry.before().map(JsonObject::toString).orElse(null));
            insert.setString(10, entry.after().map(JsonObject::toString).orElse(null));
            insert.executeUpdate();
        }
    }

    /** Records {@code entry} in the Hibernate session's transaction. */
    public static void record(Session session, AuditEntry entry) {
        session.doWork(connection -> record(connection, entry));
    }

    /** The entries the query asks for, newest first. Only the platform's scope sees any. */
    public List<AuditEntry> entries(AuditQuery query) {
        List<Object> parameters = new ArrayList<>();
        String where = where(query, parameters);
        return read(
                "SELECT id, at, actor_kind, actor_id, actor_label, organization_id, action, target, before::text,"
                        + " after::text FROM audit_entry" + where + " ORDER BY id DESC LIMIT " + query.limit()
                        + " OFFSET " + query.offset(),
                parameters,
                rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(entry(rows));
                    }
                    return entries;
                });
    }

    /** How many entries the query's filters match, all pages together. */
    public long count(AuditQuery query) {
        List<Object> parameters = new ArrayList<>();
        String where = where(query, parameters);
        return read("SELECT count(*) FROM audit_entry" + where, parameters, rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    private static String where(AuditQuery query, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        query.organization().ifPresent(organization -> {
            conditions.add("organization_id = ?");
            parameters.add(organization);
        });
        query.action().ifPresent(action -> {
            if (action.endsWith(".")) {
                conditions.add("starts_with(action, ?)");
            } else {
                conditions.add("action = ?");
            }
            parameters.add(action);
        });
        query.since().ifPresent(since -> {
            conditions.add("at >= ?");
            parameters.add(Timestamp.from(since));
        });
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    @FunctionalInterface
    private interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T read(String sql, List<Object> parameters, Rows<T> reader) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        return new AuditEntry(
                row.getLong(1),
                row.getTimestamp(2).toInstant(),
                new Actor(Actor.Kind.of(row.getString(3)), Optional.ofNullable(row.getString(4)), row.getString(5)),
                Optional.ofNullable(row.getObject(6, UUID.class)),
                row.getString(7),
                row.getString(8),
                json(row.getString(9)),
                json(row.getString(10)));
    }

    private static Optional<JsonObject> json(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return Optional.of(reader.readObject());
        }
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }
}
