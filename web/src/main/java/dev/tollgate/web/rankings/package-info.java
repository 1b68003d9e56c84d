/**
 * The public rankings pages: the apps and models with the most tokens per day, week and month, the tokens per day by
 * model, and a page per app. Apps name themselves (HTTP-Referer, X-Title): their words are shown as text only.
 */
package dev.tollgate.web.rankings;
