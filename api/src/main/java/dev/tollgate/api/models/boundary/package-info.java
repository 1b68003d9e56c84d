/** {@code GET /api/v1/models} and {@code GET /api/v1/models/{author}/{slug}/endpoints}. */
package dev.tollgate.api.models.boundary;
