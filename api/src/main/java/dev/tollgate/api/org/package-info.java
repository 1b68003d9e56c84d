/** Organisations and their API keys: creation, key issuance (shown once, stored as a hash). */
package dev.tollgate.api.org;
