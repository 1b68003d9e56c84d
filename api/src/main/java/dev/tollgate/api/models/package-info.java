/** The model list of OpenRouter's API, {@code GET /api/v1/models}, read from the routing snapshot at list prices. */
package dev.tollgate.api.models;
