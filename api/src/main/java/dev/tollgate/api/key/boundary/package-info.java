/**
 * The doors of the organisation-scoped API: the filters that authenticate keys and narrow each request to the key's
 * organisation, and {@code /api/v1/key} and {@code /api/v1/keys}, the key management API.
 */
package dev.tollgate.api.key.boundary;
