/** {@code GET /api/v1/models}. */
package dev.tollgate.api.models.boundary;
