/** {@code POST /api/v1/credits/checkout} and {@code POST /api/stripe/webhook}. */
package dev.tollgate.api.payment.boundary;
