/**
 * The audit log: who changed what of the catalog, prices, margins, grants, keys, members and organisation settings,
 * when, and the values before and after. Written in the same transaction as the change it records; append-only in
 * the database; read by operators only.
 */
package dev.tollgate.admin.audit;
