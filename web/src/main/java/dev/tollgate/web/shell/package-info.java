/**
 * The portal's shell: the Vaadin servlet, the layout with its navigation and sign-in entry point, and the home page.
 */
package dev.tollgate.web.shell;
