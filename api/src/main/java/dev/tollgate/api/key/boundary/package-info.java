/** {@code /api/v1/keys}: the key management API, and the filter that authenticates keys. */
package dev.tollgate.api.key.boundary;
