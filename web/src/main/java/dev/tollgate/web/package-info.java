/**
 * The web face of Tollgate: the Vaadin portal for developers and the operator console, served at {@code /} by the
 * same WAR that serves the API under {@code /api}. Views hold no business logic.
 */
package dev.tollgate.web;
