/** {@code GET /api/v1/generation}. */
package dev.tollgate.api.generation.boundary;
