/**
 * What every API request may send before a resource reads it: a body of at most {@code tollgate.api.max-body-bytes},
 * refused with a 413 in OpenRouter's envelope otherwise.
 */
package dev.tollgate.api.request.boundary;
