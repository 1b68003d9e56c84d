/**
 * API keys as callers use them: authenticating a bearer key (401 for a missing, unknown, disabled or expired one; 403
 * for the wrong kind), and OpenRouter's key management API for an organisation's management key.
 */
package dev.tollgate.api.key;
