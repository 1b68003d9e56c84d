/** {@code /api/v1/credits}. */
package dev.tollgate.api.credits.boundary;
