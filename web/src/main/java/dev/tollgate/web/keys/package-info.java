/**
 * The portal's keys page: making inference keys (shown once), listing them masked with their limits and spend,
 * switching them off and deleting them. Who may see and change which key is decided by
 * {@code dev.tollgate.api.key.control.MemberKeys}.
 */
package dev.tollgate.web.keys;
