package dev.tollgate.routing.adapter;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import java.io.CharArrayReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * JSON-P with its factories looked up once: {@code jakarta.json.Json.createX()} searches for the provider on every
 * call, which costs more than the parsing on the hot path.
 */
public final class WireJson {

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());

    private WireJson() {}

    public static JsonObjectBuilder object() {
        return BUILDERS.createObjectBuilder();
    }

    public static JsonObjectBuilder object(JsonObject copy) {
        return BUILDERS.createObjectBuilder(copy);
    }

    public static JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    /**
     * @throws JsonException when the text is not JSON, or {@link ClassCastException} when not an object
     */
    public static JsonObject parseObject(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (NumberFormatException e) {
            throw numberOutOfRange(e);
        }
    }

    /**
     * The bytes as UTF-8 JSON, a malformed sequence read as U+FFFD. Decoded to a string first: Parsson's reader on a
     * stream wraps it in an {@code InputStreamReader}, whose 8 KB byte buffer was, with the 8 KB of reading the body,
     * a third of what a call allocated (bench/RESULTS.md, "Allocation per call, the one-connection floor, and
     * checkpoints").
     *
     * @throws JsonException when the bytes are not JSON, including a number whose exponent is beyond what a decimal
     *     can hold
     */
    public static JsonValue parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    /**
     * @throws JsonException when the text is not JSON
     */
    public static JsonValue parse(String text) {
        return read(new StringReader(text));
    }

    private static JsonValue read(Reader text) {
        try (JsonReader reader = READERS.createReader(text)) {
            return reader.readValue();
        } catch (NumberFormatException e) {
            throw numberOutOfRange(e);
        }
    }

    /**
     * Parsson hands a number's text to {@code BigDecimal}, which refuses an exponent beyond an int ({@code 1e9999999999})
     * with a NumberFormatException: for whoever reads the JSON that is bad JSON like any other, not a crash. Found by
     * fuzzing (docs/reliability.md).
     */
    private static JsonException numberOutOfRange(NumberFormatException e) {
        return new JsonException("a number is out of range: " + e.getMessage(), e);
    }

    /**
     * Parses UTF-8 strictly, for what callers send: a malformed byte sequence (an overlong form, an encoded surrogate,
     * a byte UTF-8 never uses) ends in a {@link jakarta.json.JsonException} caused by a
     * {@link java.nio.charset.CharacterCodingException}, where {@link #parse} would read it as U+FFFD.
     */
    public static JsonValue parseStrictUtf8(byte[] utf8) {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8));
        } catch (CharacterCodingException e) {
            throw new JsonException("the bytes are not valid UTF-8", e);
        }
        try {
            return read(new CharArrayReader(text.array(), text.arrayOffset() + text.position(), text.remaining()));
        } catch (JsonException e) {
            throw e;
        } catch (RuntimeException e) {
            // Parsson refuses nesting deeper than 1,000 levels with a bare RuntimeException: bad input all the same.
            throw new JsonException(e.getMessage(), e);
        }
    }

    /**
     * Whether every surrogate in the text is one of a pair: a lone {@code \\ud800} is valid JSON but has no UTF-8
     * form, so it would reach a provider or the database as {@code ?}.
     */
    public static boolean validUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value as JSON text. Written to characters, not to bytes: Parsson's writer on a stream makes a charset
     * encoder and its buffers for every value, which cost more than writing the text and encoding it once.
     */
    public static String write(JsonValue value) {
        StringWriter text = new StringWriter(256);
        try (JsonWriter writer = WRITERS.createWriter(text)) {
            writer.write(value);
        }
        return text.toString();
    }

    /** The value as UTF-8 JSON, for the wire. */
    public static byte[] bytes(JsonValue value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    public static JsonValue string(String value) {
        return PROVIDER.createValue(value);
    }

    /** An array of strings. */
    public static JsonArrayBuilder strings(java.util.List<String> values) {
        JsonArrayBuilder array = BUILDERS.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    /** An exact decimal (money, prices) as a JSON number in plain notation. */
    public static JsonNumber exact(java.math.BigDecimal value) {
        return new ExactNumber(value);
    }

    public static JsonValue number(long value) {
        return PROVIDER.createValue(value);
    }

    public static Optional<String> stringField(JsonObject object, String name) {
        return object.get(name) instanceof JsonString text ? Optional.of(text.getString()) : Optional.empty();
    }

    public static Optional<JsonObject> objectField(JsonObject object, String name) {
        return object.get(name) instanceof JsonObject value ? Optional.of(value) : Optional.empty();
    }

    public static Optional<JsonArray> arrayField(JsonObject object, String name) {
        return object.get(name) instanceof JsonArray value ? Optional.of(value) : Optional.empty();
    }

    public static long longField(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber number ? number.longValue() : 0;
    }

    public static Optional<JsonNumber> numberField(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber number ? Optional.of(number) : Optional.empty();
    }

    /** A JSON string or, for an absent or null field, JSON null. */
    public static JsonValue stringOrNull(Optional<String> value) {
        return value.map(WireJson::string).orElse(JsonValue.NULL);
    }
}
