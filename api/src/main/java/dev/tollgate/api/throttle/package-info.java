/**
 * Guessing slowed down: failed key presentations and failed sign-ins are counted per client address (and per account
 * for sign-ins); past a limit in a window the address is refused without a look at what it presented, and one WARN
 * line names it.
 */
package dev.tollgate.api.throttle;
