/**
 * The inference API: {@code POST /api/v1/chat/completions} and the legacy {@code POST /api/v1/completions}, whole or
 * streamed. Served by plain servlets rather than JAX-RS: this is the hot path, and Jersey's per-request work costs more
 * than the gateway's own (see {@code docs/decisions.md}).
 */
package dev.tollgate.api.inference;
