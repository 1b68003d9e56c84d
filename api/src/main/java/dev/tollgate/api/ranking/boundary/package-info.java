/** {@code GET /api/v1/rankings/apps} and {@code GET /api/v1/rankings/models}: public, no key. */
package dev.tollgate.api.ranking.boundary;
