/**
 * Top-ups: an organisation buys credits through a Stripe Checkout session, paying the credits plus the platform fee
 * ({@link dev.tollgate.billing.payment.TopUpFees}); Stripe's signed webhook fulfils the session into the ledger once,
 * and a refund within the refund window takes the credits (never the fee) back.
 */
package dev.tollgate.billing.payment;
