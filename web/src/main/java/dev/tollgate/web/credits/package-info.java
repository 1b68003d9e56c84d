/**
 * The portal's credits pages: the balance, buying credits through Stripe Checkout with the fee shown before paying,
 * the page Stripe returns to, which waits for the payment to be credited, and the purchase history. Who may buy is
 * decided by {@code dev.tollgate.api.payment.control.TopUpService}.
 */
package dev.tollgate.web.credits;
