package dev.tollgate.routing.adapter.gemini;

import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * An OpenAI chat request as a Gemini {@code generateContent} body: the conversation ({@link GeminiContents}), the
 * sampling parameters as {@code generationConfig}, function tools as {@code functionDeclarations} and
 * {@code tool_choice} as {@code toolConfig}. Parameters Gemini has no counterpart for ({@code user},
 * {@code logit_bias}, {@code parallel_tool_calls}, …) are dropped.
 */
final class GeminiRequestMapper {

    private GeminiRequestMapper() {}

    static JsonObject body(JsonObject chat) {
        GeminiContents conversation =
                GeminiContents.from(WireJson.arrayField(chat, "messages").orElse(JsonValue.EMPTY_JSON_ARRAY));
        JsonObjectBuilder body = WireJson.object().add("contents", conversation.contents());
        if (!conversation.systemParts().isEmpty()) {
            JsonArrayBuilder parts = WireJson.array();
            conversation.systemParts().forEach(parts::add);
            body.add("systemInstruction", WireJson.object().add("parts", parts));
        }
        JsonObject config = generationConfig(chat);
        if (!config.isEmpty()) {
            body.add("generationConfig", config);
        }
        WireJson.arrayField(chat, "tools")
                .filter(tools -> !tools.isEmpty())
                .ifPresent(tools -> body.add(
                        "tools",
                        WireJson.array().add(WireJson.object().add("functionDeclarations", declarations(tools)))));
        toolConfig(chat.get("tool_choice")).ifPresent(toolConfig -> body.add("toolConfig", toolConfig));
        return body.build();
    }

    private static JsonObject generationConfig(JsonObject chat) {
        JsonObjectBuilder config = WireJson.object();
        WireJson.numberField(chat, "max_completion_tokens")
                .or(() -> WireJson.numberField(chat, "max_tokens"))
                .ifPresent(tokens -> config.add("maxOutputTokens", tokens));
        copyNumber(chat, "temperature", config, "temperature");
        copyNumber(chat, "top_p", config, "topP");
        copyNumber(chat, "top_k", config, "topK");
        copyNumber(chat, "seed", config, "seed");
        copyNumber(chat, "presence_penalty", config, "presencePenalty");
        copyNumber(chat, "frequency_penalty", config, "frequencyPenalty");
        JsonValue stop = chat.get("stop");
        if (stop instanceof JsonString sequence) {
            config.add("stopSequences", WireJson.array().add(sequence));
        } else if (stop instanceof JsonArray sequences && !sequences.isEmpty()) {
            config.add("stopSequences", sequences);
        }
        WireJson.objectField(chat, "response_format").ifPresent(format -> responseFormat(format, config));
        return config.build();
    }

    private static void copyNumber(JsonObject chat, String name, JsonObjectBuilder config, String geminiName) {
        WireJson.numberField(chat, name).ifPresent(number -> config.add(geminiName, number));
    }

    private static void responseFormat(JsonObject format, JsonObjectBuilder config) {
        String type = WireJson.stringField(format, "type").orElse("text");
        switch (type) {
            case "text" -> {}
            case "json_object" -> config.add("responseMimeType", "application/json");
            case "json_schema" -> {
                config.add("responseMimeType", "application/json");
                WireJson.objectField(format, "json_schema")
                        .flatMap(jsonSchema -> WireJson.objectField(jsonSchema, "schema"))
                        .ifPresent(schema -> config.add("responseJsonSchema", schema));
            }
            default -> throw new IllegalArgumentException("Gemini has no response_format of type \"" + type + "\"");
        }
    }

    /**
     * OpenAI's function tools. Their parameters go as {@code parametersJsonSchema}, not {@code parameters}: the
     * latter takes only an OpenAPI subset and refuses common JSON Schema keywords such as
     * {@code additionalProperties}, which OpenAI's strict tools always carry.
     */
    private static JsonArrayBuilder declarations(JsonArray tools) {
        JsonArrayBuilder declarations = WireJson.array();
        for (JsonValue value : tools) {
            JsonObject tool = value instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
            String type = WireJson.stringField(tool, "type").orElse("");
            if (!type.equals("function")) {
                throw new IllegalArgumentException("Gemini takes only function tools, not \"" + type + "\"");
            }
            JsonObject function = WireJson.objectField(tool, "function").orElse(JsonValue.EMPTY_JSON_OBJECT);
            JsonObjectBuilder declaration = WireJson.object()
                    .add(
                            "name",
                            WireJson.stringField(function, "name")
                                    .orElseThrow(() -> new IllegalArgumentException("a function tool has no name")));
            WireJson.stringField(function, "description")
                    .ifPresent(description -> declaration.add("description", description));
            WireJson.objectField(function, "parameters")
                    .ifPresent(parameters -> declaration.add("parametersJsonSchema", parameters));
            declarations.add(declaration);
        }
        return declarations;
    }

    private static Optional<JsonObject> toolConfig(JsonValue toolChoice) {
        JsonObjectBuilder calling = WireJson.object();
        if (toolChoice instanceof JsonString choice) {
            calling.add(
                    "mode",
                    switch (choice.getString()) {
                        case "none" -> "NONE";
                        case "auto" -> "AUTO";
                        case "required" -> "ANY";
                        default ->
                            throw new IllegalArgumentException(
                                    "Gemini has no tool_choice \"" + choice.getString() + "\"");
                    });
        } else if (toolChoice instanceof JsonObject choice) {
            String name = WireJson.objectField(choice, "function")
                    .flatMap(function -> WireJson.stringField(function, "name"))
                    .orElseThrow(() -> new IllegalArgumentException("a tool_choice object must name a function"));
            calling.add("mode", "ANY")
                    .add("allowedFunctionNames", WireJson.array().add(name));
        } else {
            return Optional.empty();
        }
        return Optional.of(
                WireJson.object().add("functionCallingConfig", calling).build());
    }
}
