/** Sends the demo traffic through the installation's own API once it is ready. */
package dev.tollgate.api.demo.control;
