/**
 * The public model catalog: every model on offer with search and filters, and each model's page with its providers at
 * list price, their health, and how to call it. Read from the routing snapshot in memory, never the database.
 */
package dev.tollgate.web.models;
