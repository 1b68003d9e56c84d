/** The inference servlets: authentication, body limits, JSON or server-sent events, errors in OpenRouter's envelope. */
package dev.tollgate.api.inference.boundary;
