/** What the integration tests share: a real PostgreSQL, an HTTP client, the runnable jar as a process, Chromium. */
package dev.tollgate.web.support;
