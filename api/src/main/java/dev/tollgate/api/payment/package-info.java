/**
 * Buying credits over HTTP: the checkout that starts a Stripe top-up and Stripe's webhook that fulfils it (the rules
 * live in {@code dev.tollgate.billing.payment}).
 */
package dev.tollgate.api.payment;
