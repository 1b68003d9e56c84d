/** Organisations and API keys as stored. */
package dev.tollgate.api.org.entity;
