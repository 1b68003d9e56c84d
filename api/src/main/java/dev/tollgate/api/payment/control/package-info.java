/** Buying credits as the members of an organisation may: who sees the balance, who buys, who reads the history. */
package dev.tollgate.api.payment.control;
