package dev.tollgate.admin.audit.entity;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * The before or after of an audited change: a flat JSON object of the fields a person would compare. Amounts, prices
 * and margins are decimal strings ("0.0000015"), exact, without trailing zeros, never JSON numbers; a secret is never a value (a
 * provider's credential is only present or not).
 */
public final class AuditValues {

    private final JsonObjectBuilder builder = Json.createObjectBuilder();

    private AuditValues() {}

    public static AuditValues of() {
        return new AuditValues();
    }

    /** Adds a field; {@code null} and an empty {@link Optional} become JSON null. */
    public AuditValues with(String name, Object value) {
        Object plain = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        if (plain == null) {
            builder.addNull(name);
        } else if (plain instanceof Boolean bool) {
            builder.add(name, bool);
        } else if (plain instanceof Integer || plain instanceof Long) {
            builder.add(name, ((Number) plain).longValue());
        } else if (plain instanceof BigDecimal decimal) {
            // Without trailing zeros, so that a value read back from a scaled column compares with the one written.
            builder.add(name, decimal.stripTrailingZeros().toPlainString());
        } else if (plain instanceof String[] strings) {
            builder.add(name, array(java.util.Arrays.asList(strings)));
        } else if (plain instanceof Collection<?> items) {
            builder.add(name, array(items));
        } else if (plain instanceof String || plain instanceof UUID || plain instanceof Instant) {
            builder.add(name, plain.toString());
        } else {
            throw new IllegalArgumentException("an audit value is a string, number, boolean, decimal, time, id or"
                    + " list of strings, not " + plain.getClass().getName() + " (" + name + ")");
        }
        return this;
    }

    public JsonObject json() {
        return builder.build();
    }

    private static JsonArrayBuilder array(Collection<?> items) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        items.forEach(item -> array.add(String.valueOf(item)));
        return array;
    }
}
