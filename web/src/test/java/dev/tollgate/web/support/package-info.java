/**
 * What the integration tests share: one deployment of the WAR on Payara Micro, a real PostgreSQL, an HTTP client, the
 * runnable jar as a process, Chromium.
 */
package dev.tollgate.web.support;
