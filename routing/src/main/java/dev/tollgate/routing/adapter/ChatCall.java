package dev.tollgate.routing.adapter;

import jakarta.json.JsonObject;

/**
 * One call as the gateway hands it to an adapter: the caller's chat request in OpenAI's format, already stripped of
 * the gateway's own fields ({@code models}, {@code provider}, …) and without {@code model} (each adapter sends its
 * endpoint's upstream model).
 *
 * @param body the chat request: {@code messages}, sampling parameters, tools, {@code response_format}, …
 * @param stream whether the caller asked for server-sent events
 */
public record ChatCall(JsonObject body, boolean stream) {}
