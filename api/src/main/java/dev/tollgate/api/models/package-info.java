/**
 * The models of OpenRouter's API ({@code GET /api/v1/models}, {@code /api/v1/models/{author}/{slug}/endpoints}) and
 * the public catalog the portal shows, all read from the routing snapshot at list prices.
 */
package dev.tollgate.api.models;
