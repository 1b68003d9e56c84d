/**
 * The organisation's settings page: its name, the way to its members, and the routing preferences that tighten every
 * call it makes (privacy, ignored providers).
 */
package dev.tollgate.web.settings;
