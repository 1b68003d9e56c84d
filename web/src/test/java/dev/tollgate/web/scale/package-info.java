/** Replicas of Tollgate that cluster, started as an operator starts them, against one PostgreSQL. */
package dev.tollgate.web.scale;
