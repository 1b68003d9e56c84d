/** How the API writes JSON: OpenRouter's snake_case names, nulls written out, ISO-8601 instants. */
package dev.tollgate.api.json;
