/** Authenticating keys (with an in-memory cache invalidated on change) and managing an organisation's keys. */
package dev.tollgate.api.key.control;
