/**
 * The embedded PostgreSQL: real PostgreSQL binaries from Maven Central, run as a child process with its data
 * under the data folder so that it survives restarts.
 */
package dev.tollgate.db.embedded;
