/** How the API reads and writes JSON: request bodies as strict UTF-8 objects; OpenRouter's snake_case names, nulls written out, ISO-8601 instants. */
package dev.tollgate.api.json;
