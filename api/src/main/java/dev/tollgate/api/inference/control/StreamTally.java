package dev.tollgate.api.inference.control;

import dev.tollgate.routing.adapter.TokenUsage;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/** What a stream has delivered so far: its usage once reported, its finish reasons, and the length of its text. */
final class StreamTally {

    private final StringBuilder delivered = new StringBuilder();
    private Optional<TokenUsage> usage = Optional.empty();
    private Optional<String> finishReason = Optional.empty();
    private Optional<String> nativeFinishReason = Optional.empty();

    void observe(JsonObject chunk) {
        WireJson.objectField(chunk, "usage")
                .map(TokenUsage::fromOpenAi)
                .ifPresent(reported -> usage = Optional.of(reported));
        if (!(chunk.get("choices") instanceof JsonArray choices)) {
            return;
        }
        for (JsonValue value : choices) {
            if (!(value instanceof JsonObject choice)) {
                continue;
            }
            if (choice.get("finish_reason") instanceof JsonString reason) {
                finishReason = Optional.of(reason.getString());
                nativeFinishReason =
                        WireJson.stringField(choice, "native_finish_reason").or(() -> finishReason);
            }
            WireJson.objectField(choice, "delta").ifPresent(this::count);
        }
    }

    private void count(JsonObject delta) {
        WireJson.stringField(delta, "content").ifPresent(delivered::append);
        WireJson.stringField(delta, "reasoning").ifPresent(delivered::append);
        WireJson.arrayField(delta, "tool_calls").ifPresent(calls -> {
            for (JsonValue call : calls) {
                if (call instanceof JsonObject object) {
                    WireJson.objectField(object, "function").ifPresent(function -> {
                        WireJson.stringField(function, "name").ifPresent(delivered::append);
                        WireJson.stringField(function, "arguments").ifPresent(delivered::append);
                    });
                }
            }
        });
    }

    Optional<TokenUsage> usage() {
        return usage;
    }

    Optional<String> finishReason() {
        return finishReason;
    }

    Optional<String> nativeFinishReason() {
        return nativeFinishReason;
    }

    CharSequence delivered() {
        return delivered;
    }
}
