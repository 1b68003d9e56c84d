/**
 * Charging one inference call: its worst case held against the organisation before dispatch, and its actual cost
 * settled afterwards as two transfers (the provider's cost and the platform's margin), the hold released with them.
 */
package dev.tollgate.billing.call;
