/**
 * This installation's own facts: which database it runs on (its installation id, made once when the schema was
 * created), since when, and which version of Tollgate serves.
 */
package dev.tollgate.api.system;
