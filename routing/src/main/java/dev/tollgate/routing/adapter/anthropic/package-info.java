/**
 * Anthropic's Messages API ({@code POST /v1/messages}, {@code anthropic-version: 2023-06-01}): the OpenAI chat request
 * is rebuilt as a Messages request (top-level system prompt, alternating turns of content blocks, tool calls as
 * {@code tool_use} and {@code tool_result} blocks, a required {@code max_tokens}), and the message or its typed event
 * stream is translated back into a chat completion or chunks with normalized usage and finish reasons.
 */
package dev.tollgate.routing.adapter.anthropic;
