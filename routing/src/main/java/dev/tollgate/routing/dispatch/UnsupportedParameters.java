package dev.tollgate.routing.dispatch;

import dev.tollgate.routing.adapter.ChatCall;
import dev.tollgate.routing.adapter.WireJson;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenRouter drops the parameters an endpoint does not support, unless the caller set {@code require_parameters} (then
 * such endpoints were filtered out before). An endpoint that lists no supported parameters gets the call unchanged:
 * the operator has not said what it supports. Capabilities a call cannot do without (tools, images, structured
 * output) never get here: the router's filters already excluded endpoints lacking them.
 */
final class UnsupportedParameters {

    /** The call itself, not parameters. */
    private static final Set<String> ALWAYS_SENT = Set.of("messages", "prompt", "stream", "stream_options", "user");

    /** A parameter is supported when the endpoint lists it or one of these equivalents. */
    private static final Map<String, List<String>> EQUIVALENTS = Map.of(
            "max_completion_tokens", List.of("max_tokens"),
            "max_tokens", List.of("max_completion_tokens"),
            "tool_choice", List.of("tools"),
            "parallel_tool_calls", List.of("tools"),
            "response_format", List.of("structured_outputs"));

    private UnsupportedParameters() {}

    static ChatCall drop(ChatCall call, RoutableEndpoint endpoint) {
        Set<String> supported = endpoint.supportedParameters();
        if (supported.isEmpty() || call.body().keySet().stream().allMatch(field -> sent(field, supported))) {
            return call;
        }
        JsonObjectBuilder kept = WireJson.object();
        for (Map.Entry<String, JsonValue> field : call.body().entrySet()) {
            if (sent(field.getKey(), supported)) {
                kept.add(field.getKey(), field.getValue());
            }
        }
        return new ChatCall(kept.build(), call.stream());
    }

    private static boolean sent(String field, Set<String> supported) {
        return ALWAYS_SENT.contains(field)
                || supported.contains(field)
                || EQUIVALENTS.getOrDefault(field, List.of()).stream().anyMatch(supported::contains);
    }
}
