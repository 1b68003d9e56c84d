/**
 * The double-entry ledger in PostgreSQL, in TigerBeetle's vocabulary: accounts with running pending and posted sums,
 * immutable transfers whose id is their idempotency key, holds (pending transfers) resolved exactly once by a post or a
 * void, and corrections made by new transfers, never by edits. The database enforces the invariants too: an account
 * that must not be overdrawn has a CHECK constraint, and a hold's resolution is a UNIQUE reference.
 */
package dev.tollgate.billing.ledger;
