/**
 * OpenRouter's error envelope, {@code {"error":{"code":…,"message":…}}}: every error of the API, expected or not,
 * leaves in this shape, with no stack trace.
 */
package dev.tollgate.api.error;
