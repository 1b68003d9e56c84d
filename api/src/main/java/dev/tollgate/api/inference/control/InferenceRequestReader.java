package dev.tollgate.api.inference.control;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a chat or legacy completion request and refuses, with a 400 that names the field, anything a provider would
 * choke on. Only the OpenAI parameters providers understand are passed on; OpenRouter's own fields ({@code models},
 * {@code provider}, {@code transforms}, …) stay with the gateway (the router reads and checks {@code provider}), and
 * anything unknown is dropped, as OpenRouter does.
 */
public final class InferenceRequestReader {

    static final int MAX_FALLBACK_MODELS = 10;

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    /** The parameters passed to providers, and the JSON type each must have. */
    private static final Map<String, JsonValue.ValueType[]> PASSED_ON = Map.ofEntries(
            Map.entry("temperature", number()),
            Map.entry("top_p", number()),
            Map.entry("top_k", number()),
            Map.entry("min_p", number()),
            Map.entry("top_a", number()),
            Map.entry("frequency_penalty", number()),
            Map.entry("presence_penalty", number()),
            Map.entry("repetition_penalty", number()),
            Map.entry("seed", number()),
            Map.entry("max_tokens", number()),
            Map.entry("max_completion_tokens", number()),
            Map.entry("logit_bias", types(JsonValue.ValueType.OBJECT)),
            Map.entry("logprobs", types(JsonValue.ValueType.TRUE, JsonValue.ValueType.FALSE)),
            Map.entry("top_logprobs", number()),
            Map.entry("stop", types(JsonValue.ValueType.STRING, JsonValue.ValueType.ARRAY)),
            Map.entry("tools", types(JsonValue.ValueType.ARRAY)),
            Map.entry("tool_choice", types(JsonValue.ValueType.STRING, JsonValue.ValueType.OBJECT)),
            Map.entry("parallel_tool_calls", types(JsonValue.ValueType.TRUE, JsonValue.ValueType.FALSE)),
            Map.entry("response_format", types(JsonValue.ValueType.OBJECT)),
            Map.entry("reasoning_effort", types(JsonValue.ValueType.STRING)),
            Map.entry("prediction", types(JsonValue.ValueType.OBJECT)),
            Map.entry("user", types(JsonValue.ValueType.STRING)));

    private static final Set<String> INTEGERS = Set.of("seed", "max_tokens", "max_completion_tokens", "top_logprobs");

    /** The sampling parameters' ranges, as OpenRouter documents them: a value outside no provider would take. */
    private static final Map<String, BigDecimal[]> RANGES = Map.of(
            "temperature", range("0", "2"),
            "top_p", range("0", "1"),
            "top_k", range("0", null),
            "min_p", range("0", "1"),
            "top_a", range("0", "1"),
            "frequency_penalty", range("-2", "2"),
            "presence_penalty", range("-2", "2"),
            "repetition_penalty", range("0", "2"),
            "top_logprobs", range("0", "20"));

    private InferenceRequestReader() {}

    /** {@code POST /chat/completions}: {@code messages} required. */
    public static InferenceRequest chat(byte[] body) {
        JsonObject request = object(body);
        JsonArray messages = messages(request);
        return read(request, messages, AnswerShape.CHAT);
    }

    /** {@code POST /completions}: {@code prompt} (a string or strings) becomes one user message. */
    public static InferenceRequest legacy(byte[] body) {
        JsonObject request = object(body);
        JsonValue prompt = request.get("prompt");
        String text;
        if (prompt instanceof JsonString string) {
            text = string.getString();
        } else if (prompt instanceof JsonArray parts
                && !parts.isEmpty()
                && parts.stream().allMatch(JsonString.class::isInstance)) {
            text = String.join("\n", parts.getValuesAs(JsonString::getString));
        } else {
            throw invalid("\"prompt\" is required and must be a string or an array of strings");
        }
        JsonArray messages = WireJson.array()
                .add(WireJson.object().add("role", "user").add("content", text))
                .build();
        // The router and the hold measure the prompt from the request's messages: give them the prompt's.
        JsonObject asChat =
                Json.createObjectBuilder(request).add("messages", messages).build();
        return read(asChat, messages, AnswerShape.TEXT);
    }

    private static InferenceRequest read(JsonObject request, JsonArray messages, AnswerShape shape) {
        List<String> models = models(request);
        boolean stream = switch (request.getOrDefault("stream", JsonValue.FALSE).getValueType()) {
            case TRUE -> true;
            case FALSE, NULL -> false;
            default -> throw invalid("\"stream\" must be true or false");
        };
        JsonObjectBuilder passed = WireJson.object().add("messages", messages);
        for (Map.Entry<String, JsonValue> field : request.entrySet()) {
            JsonValue.ValueType[] allowed = PASSED_ON.get(field.getKey());
            if (allowed == null || field.getValue().getValueType() == JsonValue.ValueType.NULL) {
                continue;
            }
            if (!Set.of(allowed).contains(field.getValue().getValueType())) {
                throw invalid("\"" + field.getKey() + "\" must be " + describe(allowed));
            }
            if (INTEGERS.contains(field.getKey())) {
                checkInteger(field.getKey(), (JsonNumber) field.getValue());
            }
            passed.add(field.getKey(), field.getValue());
        }
        checkRanges(request);
        for (String limit : List.of("max_tokens", "max_completion_tokens")) {
            if (request.get(limit) instanceof JsonNumber number
                    && number.bigDecimalValue().signum() <= 0) {
                throw invalid("\"" + limit + "\" must be at least 1");
            }
        }
        checkTools(request);
        checkResponseFormat(request);
        return new InferenceRequest(models, request, new ChatCall(passed.build(), stream), shape);
    }

    private static JsonObject object(byte[] body) {
        JsonValue value;
        try {
            value = WireJson.parseStrictUtf8(body);
        } catch (JsonException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw invalid("The request body is not valid UTF-8");
            }
            throw invalid("The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(value instanceof JsonObject object)) {
            throw invalid("The request body must be a JSON object");
        }
        for (Map.Entry<String, JsonValue> field : object.entrySet()) {
            if (!WireJson.validUnicode(field.getKey()) || !validUnicode(field.getValue())) {
                throw invalid("\"" + field.getKey() + "\" holds text that is not valid Unicode: a surrogate escape"
                        + " (\\ud800-\\udfff) must be one of a pair");
            }
        }
        return object;
    }

    /**
     * Whether every string in the value pairs its surrogates: a lone {@code \\ud800} is valid JSON but no UTF-8, so
     * a provider would get a {@code ?} in its place.
     */
    private static boolean validUnicode(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> WireJson.validUnicode(((JsonString) value).getString());
            case ARRAY -> value.asJsonArray().stream().allMatch(InferenceRequestReader::validUnicode);
            case OBJECT ->
                value.asJsonObject().entrySet().stream()
                        .allMatch(field -> WireJson.validUnicode(field.getKey()) && validUnicode(field.getValue()));
            default -> true;
        };
    }

    private static List<String> models(JsonObject request) {
        List<String> models = new ArrayList<>();
        JsonValue model = request.get("model");
        if (model instanceof JsonString string && !string.getString().isBlank()) {
            models.add(string.getString().strip());
        } else if (model != null && model != JsonValue.NULL) {
            throw invalid("\"model\" must be a model id such as \"openai/gpt-4o-mini\"");
        }
        JsonValue fallbacks = request.get("models");
        if (fallbacks instanceof JsonArray array) {
            if (array.size() > MAX_FALLBACK_MODELS) {
                throw invalid("\"models\" may name at most " + MAX_FALLBACK_MODELS + " models");
            }
            for (JsonValue entry : array) {
                if (!(entry instanceof JsonString string) || string.getString().isBlank()) {
                    throw invalid("\"models\" must be an array of model ids");
                }
                if (!models.contains(string.getString().strip())) {
                    models.add(string.getString().strip());
                }
            }
        } else if (fallbacks != null && fallbacks != JsonValue.NULL) {
            throw invalid("\"models\" must be an array of model ids");
        }
        if (models.isEmpty()) {
            throw invalid("\"model\" is required (or \"models\", a list of model ids to try in order)");
        }
        return models;
    }

    private static JsonArray messages(JsonObject request) {
        if (!(request.get("messages") instanceof JsonArray messages) || messages.isEmpty()) {
            throw invalid("\"messages\" is required and must be a non-empty array");
        }
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.get(i) instanceof JsonObject message)) {
                throw invalid("\"messages[" + i + "]\" must be an object with \"role\" and \"content\"");
            }
            if (!(message.get("role") instanceof JsonString role) || !ROLES.contains(role.getString())) {
                throw invalid("\"messages[" + i + "].role\" must be one of system, developer, user, assistant, tool");
            }
            JsonValue content = message.getOrDefault("content", JsonValue.NULL);
            switch (content.getValueType()) {
                case STRING -> {}
                case ARRAY -> checkParts(i, content.asJsonArray());
                case NULL -> {
                    if (!role.getString().equals("assistant")) {
                        throw invalid("\"messages[" + i + "].content\" is required");
                    }
                }
                default ->
                    throw invalid("\"messages[" + i + "].content\" must be a string or an array of content parts");
            }
            if (role.getString().equals("tool") && !(message.get("tool_call_id") instanceof JsonString)) {
                throw invalid("\"messages[" + i + "].tool_call_id\" is required for a tool message");
            }
            if (message.containsKey("tool_calls") && !(message.get("tool_calls") instanceof JsonArray)) {
                throw invalid("\"messages[" + i + "].tool_calls\" must be an array");
            }
        }
        return messages;
    }

    private static void checkParts(int message, JsonArray parts) {
        for (int j = 0; j < parts.size(); j++) {
            String where = "\"messages[" + message + "].content[" + j + "]";
            if (!(parts.get(j) instanceof JsonObject part) || !(part.get("type") instanceof JsonString type)) {
                throw invalid(where + "\" must be an object with a \"type\"");
            }
            switch (type.getString()) {
                case "text" -> {
                    if (!(part.get("text") instanceof JsonString)) {
                        throw invalid(where + ".text\" must be a string");
                    }
                }
                case "image_url" -> {
                    boolean url = part.get("image_url") instanceof JsonObject image
                            && image.get("url") instanceof JsonString address
                            && (address.getString().startsWith("data:image/")
                                    || address.getString().startsWith("https://")
                                    || address.getString().startsWith("http://"));
                    if (!url) {
                        throw invalid(where + ".image_url.url\" must be an http(s) URL or a data:image/… URI");
                    }
                }
                default -> {
                    // Other part types (input_audio, file) pass on to providers that accept them.
                }
            }
        }
    }

    /**
     * An integer a provider can read: a seed fits in 64 bits, a token count in 32. Beyond that Java's {@code longValue}
     * would read {@code 1e400} as 0 and let the call through.
     */
    private static void checkInteger(String name, JsonNumber number) {
        if (!number.isIntegral()) {
            throw invalid("\"" + name + "\" must be an integer");
        }
        BigDecimal most = BigDecimal.valueOf(name.equals("seed") ? Long.MAX_VALUE : Integer.MAX_VALUE);
        if (number.bigDecimalValue().abs().compareTo(most) > 0) {
            throw invalid("\"" + name + "\" must be at most " + most);
        }
    }

    private static void checkRanges(JsonObject request) {
        RANGES.forEach((name, range) -> {
            if (request.get(name) instanceof JsonNumber number) {
                BigDecimal value = number.bigDecimalValue();
                boolean below = value.compareTo(range[0]) < 0;
                boolean above = range[1] != null && value.compareTo(range[1]) > 0;
                if (below || above) {
                    throw invalid("\"" + name + "\" must be "
                            + (range[1] == null ? "at least " + range[0] : "from " + range[0] + " to " + range[1]));
                }
            }
        });
    }

    private static BigDecimal[] range(String least, String most) {
        return new BigDecimal[] {new BigDecimal(least), most == null ? null : new BigDecimal(most)};
    }

    private static void checkTools(JsonObject request) {
        if (!(request.get("tools") instanceof JsonArray tools)) {
            return;
        }
        for (int i = 0; i < tools.size(); i++) {
            boolean function = tools.get(i) instanceof JsonObject tool
                    && tool.get("function") instanceof JsonObject declaration
                    && declaration.get("name") instanceof JsonString;
            if (!function) {
                throw invalid("\"tools[" + i + "]\" must be {\"type\":\"function\",\"function\":{\"name\":…}}");
            }
        }
    }

    private static void checkResponseFormat(JsonObject request) {
        if (!(request.get("response_format") instanceof JsonObject format)) {
            return;
        }
        String type = WireJson.stringField(format, "type").orElse("");
        switch (type) {
            case "text", "json_object" -> {}
            case "json_schema" -> {
                boolean schema = format.get("json_schema") instanceof JsonObject jsonSchema
                        && jsonSchema.get("schema") instanceof JsonObject;
                if (!schema) {
                    throw invalid("\"response_format.json_schema.schema\" must be a JSON schema object");
                }
            }
            default -> throw invalid("\"response_format.type\" must be text, json_object or json_schema");
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(400, message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static JsonValue.ValueType[] number() {
        return types(JsonValue.ValueType.NUMBER);
    }

    private static JsonValue.ValueType[] types(JsonValue.ValueType... types) {
        return types;
    }

    private static String describe(JsonValue.ValueType[] types) {
        List<String> names = new ArrayList<>();
        for (JsonValue.ValueType type : types) {
            names.add(
                    switch (type) {
                        case NUMBER -> "a number";
                        case STRING -> "a string";
                        case ARRAY -> "an array";
                        case OBJECT -> "an object";
                        case TRUE -> "true";
                        case FALSE -> "false";
                        case NULL -> "null";
                    });
        }
        return String.join(" or ", names);
    }
}
