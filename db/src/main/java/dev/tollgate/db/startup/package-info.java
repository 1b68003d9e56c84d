/**
 * Start-up of the application's foundation: the database is opened and migrated before anything serves, and a
 * start-up that cannot succeed ends the process with one line saying why.
 */
package dev.tollgate.db.startup;
