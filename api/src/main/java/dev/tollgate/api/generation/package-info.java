/**
 * Generation records: one per inference call, kept in memory until a background writer has stored it in batches
 * (the hot path never waits for the database), and served by {@code GET /api/v1/generation?id=}.
 */
package dev.tollgate.api.generation;
