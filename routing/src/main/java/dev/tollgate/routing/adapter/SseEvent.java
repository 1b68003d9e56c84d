package dev.tollgate.routing.adapter;

/** One server-sent event: its {@code event:} name (empty when none) and its {@code data:} lines joined by newlines. */
public record SseEvent(String event, String data) {}
