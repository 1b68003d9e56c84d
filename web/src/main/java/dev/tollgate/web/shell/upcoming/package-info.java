/**
 * Portal pages that are named in the navigation but whose features have not landed yet. Each says what it will
 * show; each is replaced by its feature's own view when that feature arrives.
 */
package dev.tollgate.web.shell.upcoming;
