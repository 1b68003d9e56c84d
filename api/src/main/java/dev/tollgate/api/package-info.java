/**
 * The JAX-RS application under {@code /api}: the OpenRouter-compatible inference API ({@code /api/v1}), the operator
 * API ({@code /api/admin/v1}) and this installation's own facts ({@code /api/system}).
 */
package dev.tollgate.api;
