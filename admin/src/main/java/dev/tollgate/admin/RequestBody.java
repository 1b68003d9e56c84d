package dev.tollgate.admin;

import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON request body read field by field, so that every wrong value is refused with the field's name and what it
 * must be. An absent field and an explicit {@code null} both read as empty.
 */
public final class RequestBody {

    private final JsonObject json;
    private final String prefix;

    private RequestBody(JsonObject json, String prefix) {
        this.json = json;
        this.prefix = prefix;
    }

    public static RequestBody of(JsonObject json) {
        if (json == null) {
            throw new InvalidFieldException("body", "a JSON object is required");
        }
        return new RequestBody(json, "");
    }

    /** Refuses fields this request does not know, so that a typo is not silently ignored. */
    public RequestBody allowOnly(Set<String> names) {
        for (String name : json.keySet()) {
            if (!names.contains(name)) {
                throw new InvalidFieldException(prefix + name, "unknown field; expected one of " + names);
            }
        }
        return this;
    }

    /** A field's name as refusals give it, with the path to this body ({@code models[2].cost_tier}). */
    public String field(String name) {
        return prefix + name;
    }

    public boolean has(String name) {
        return json.containsKey(name);
    }

    public Optional<String> string(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString text) {
            return Optional.of(storable(prefix + name, text.getString().strip()));
        }
        throw new InvalidFieldException(prefix + name, "must be a string");
    }

    /**
     * Text as PostgreSQL and UTF-8 can hold it: JSON allows {@code \\u0000} and a lone surrogate escape, a
     * {@code text} column takes neither.
     */
    private static String storable(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw new InvalidFieldException(field, "must not contain a NUL character");
            }
        }
        if (!WireJson.validUnicode(text)) {
            throw new InvalidFieldException(field, "is not valid Unicode: a surrogate must be one of a pair");
        }
        return text;
    }

    public String requiredString(String name) {
        return string(name)
                .filter(text -> !text.isEmpty())
                .orElseThrow(() -> new InvalidFieldException(prefix + name, "is required"));
    }

    /** A decimal given as a JSON string ("0.000001") or number, read exactly. */
    public Optional<BigDecimal> decimal(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        try {
            if (value instanceof JsonNumber number) {
                return Optional.of(number.bigDecimalValue());
            }
            if (value instanceof JsonString text) {
                return Optional.of(new BigDecimal(text.getString().strip()));
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new InvalidFieldException(prefix + name, "must be a decimal number such as \"0.0000015\"");
    }

    public Optional<Integer> integer(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return Optional.of(number.intValueExact());
            } catch (ArithmeticException e) {
                throw new InvalidFieldException(prefix + name, "is too large");
            }
        }
        throw new InvalidFieldException(prefix + name, "must be a whole number");
    }

    public Optional<Boolean> bool(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return Optional.of(value == JsonValue.TRUE);
        }
        throw new InvalidFieldException(prefix + name, "must be true or false");
    }

    public Optional<List<String>> strings(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new InvalidFieldException(prefix + name, "must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            if (!(item instanceof JsonString text) || text.getString().isBlank()) {
                throw new InvalidFieldException(prefix + name, "must be an array of non-empty strings");
            }
            strings.add(storable(prefix + name, text.getString().strip()));
        }
        return Optional.of(List.copyOf(strings));
    }

    /** An array of objects, each read as a body of its own whose refusals name it ({@code models[2].cost_tier}). */
    public Optional<List<RequestBody>> objects(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new InvalidFieldException(prefix + name, "must be an array of objects");
        }
        List<RequestBody> objects = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            String itemName = prefix + name + "[" + objects.size() + "]";
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidFieldException(itemName, "must be an object");
            }
            objects.add(new RequestBody(item.asJsonObject(), itemName + "."));
        }
        return Optional.of(List.copyOf(objects));
    }

    public Optional<RequestBody> object(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidFieldException(prefix + name, "must be an object");
        }
        return Optional.of(new RequestBody(value.asJsonObject(), prefix + name + "."));
    }
}
