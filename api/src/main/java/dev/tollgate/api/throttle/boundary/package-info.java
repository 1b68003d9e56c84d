/** The servlet filter that throttles failed key presentations on every {@code /api} path. */
package dev.tollgate.api.throttle.boundary;
