/** The way in to the installation's facts: {@code GET /api/system}. */
package dev.tollgate.api.system.boundary;
