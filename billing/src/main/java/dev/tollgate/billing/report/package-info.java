/** Operators' reports read from the ledger: revenue by UTC day (margin and fees) and what is owed to each provider. */
package dev.tollgate.billing.report;
