/**
 * Free-model quotas: how many requests an organisation may make to {@code :free} models per minute and per UTC day,
 * counted in PostgreSQL so that every replica sees the same counts.
 */
package dev.tollgate.billing.quota;
