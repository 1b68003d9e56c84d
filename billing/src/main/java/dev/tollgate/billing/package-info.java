/**
 * Billing: the double-entry ledger (accounts, immutable transfers, holds), settlement of each call at its
 * endpoint's list price, key limits, free-tier quotas and Stripe top-ups with the fee. It never calls providers.
 */
package dev.tollgate.billing;
