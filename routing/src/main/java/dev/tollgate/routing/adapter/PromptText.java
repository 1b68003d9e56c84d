package dev.tollgate.routing.adapter;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** The text of a chat request's messages: string contents and the text parts of content arrays, one per line. */
public final class PromptText {

    private PromptText() {}

    public static String of(JsonObject chatRequest) {
        StringBuilder text = new StringBuilder();
        if (chatRequest.get("messages") instanceof JsonArray messages) {
            for (JsonValue message : messages) {
                if (message instanceof JsonObject object) {
                    JsonValue content = object.get("content");
                    if (content instanceof JsonString string) {
                        text.append(string.getString()).append('\n');
                    } else if (content instanceof JsonArray parts) {
                        for (JsonValue part : parts) {
                            if (part instanceof JsonObject partObject) {
                                WireJson.stringField(partObject, "text")
                                        .ifPresent(value -> text.append(value).append('\n'));
                            }
                        }
                    }
                }
            }
        }
        return text.toString();
    }
}
