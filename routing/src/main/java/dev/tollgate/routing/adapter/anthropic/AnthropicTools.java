package dev.tollgate.routing.adapter.anthropic;

import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * OpenAI function tools in Anthropic's terms: a tool is {@code {name, description, input_schema}}, a call made by the
 * model is a {@code tool_use} block whose {@code input} is a JSON object (OpenAI sends it as a string), and the
 * choice is {@code auto}, {@code any}, {@code none} or one named {@code tool}.
 */
final class AnthropicTools {

    private AnthropicTools() {}

    /** The request's function tools; empty when it has none. */
    static JsonArray tools(JsonObject request) {
        JsonArrayBuilder tools = WireJson.array();
        for (JsonValue value : WireJson.arrayField(request, "tools").orElse(JsonValue.EMPTY_JSON_ARRAY)) {
            if (!(value instanceof JsonObject tool)
                    || !WireJson.stringField(tool, "type").orElse("function").equals("function")) {
                throw new IllegalArgumentException("only function tools can be sent to an Anthropic model");
            }
            JsonObject function = WireJson.objectField(tool, "function")
                    .orElseThrow(() -> new IllegalArgumentException("a function tool needs its function"));
            JsonObjectBuilder anthropic = WireJson.object().add("name", name(function));
            WireJson.stringField(function, "description")
                    .ifPresent(description -> anthropic.add("description", description));
            // Anthropic requires a schema; a function without parameters takes an empty object.
            anthropic.add(
                    "input_schema",
                    WireJson.objectField(function, "parameters")
                            .orElseGet(() ->
                                    WireJson.object().add("type", "object").build()));
            tools.add(anthropic);
        }
        return tools.build();
    }

    /**
     * The tool choice; {@code parallel_tool_calls: false} becomes {@code disable_parallel_tool_use}, which Anthropic
     * carries on the choice (so an absent choice becomes an explicit {@code auto}).
     */
    static Optional<JsonObject> toolChoice(JsonObject request) {
        JsonValue choice = request.get("tool_choice");
        JsonObjectBuilder anthropic;
        if (choice instanceof JsonString word) {
            anthropic = switch (word.getString()) {
                case "auto" -> WireJson.object().add("type", "auto");
                case "required" -> WireJson.object().add("type", "any");
                case "none" -> WireJson.object().add("type", "none");
                default ->
                    throw new IllegalArgumentException(
                            "tool_choice '" + word.getString() + "' is not one of auto, required, none");
            };
        } else if (choice instanceof JsonObject named) {
            String name = WireJson.objectField(named, "function")
                    .map(AnthropicTools::name)
                    .orElseThrow(() -> new IllegalArgumentException("a tool_choice object needs function.name"));
            anthropic = WireJson.object().add("type", "tool").add("name", name);
        } else {
            anthropic = null;
        }
        boolean sequential = request.get("parallel_tool_calls") == JsonValue.FALSE;
        if (sequential && anthropic == null) {
            anthropic = WireJson.object().add("type", "auto");
        }
        if (anthropic == null) {
            return Optional.empty();
        }
        JsonObject built = anthropic.build();
        if (sequential && !built.getString("type").equals("none")) {
            built = WireJson.object(built)
                    .add("disable_parallel_tool_use", true)
                    .build();
        }
        return Optional.of(built);
    }

    /** A tool call from an earlier assistant message as a {@code tool_use} block. */
    static JsonObject toolUse(JsonObject toolCall) {
        String id = WireJson.stringField(toolCall, "id")
                .orElseThrow(() -> new IllegalArgumentException("a tool call needs its id"));
        JsonObject function = WireJson.objectField(toolCall, "function")
                .orElseThrow(() -> new IllegalArgumentException("tool call " + id + " needs its function"));
        return WireJson.object()
                .add("type", "tool_use")
                .add("id", id)
                .add("name", name(function))
                .add(
                        "input",
                        input(id, WireJson.stringField(function, "arguments").orElse("")))
                .build();
    }

    private static JsonObject input(String id, String arguments) {
        if (arguments.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try {
            return WireJson.parseObject(arguments);
        } catch (JsonException | ClassCastException notAnObject) {
            throw new IllegalArgumentException("the arguments of tool call " + id
                    + " are not a JSON object, which an Anthropic model needs as the tool's input");
        }
    }

    private static String name(JsonObject function) {
        return WireJson.stringField(function, "name")
                .orElseThrow(() -> new IllegalArgumentException("a function needs its name"));
    }
}
