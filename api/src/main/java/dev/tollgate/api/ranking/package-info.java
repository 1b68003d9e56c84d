/**
 * The public rankings: the apps (as they name themselves in {@code HTTP-Referer} and {@code X-Title}) and the models
 * that used the most tokens over a day, a week or a month, across every organisation, as aggregates only.
 */
package dev.tollgate.api.ranking;
