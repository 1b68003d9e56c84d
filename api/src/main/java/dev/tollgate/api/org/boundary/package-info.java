/** The operator API over organisations: {@code /api/admin/v1/orgs}, its grants and the ledger summary. */
package dev.tollgate.api.org.boundary;
