/**
 * The operator console: providers, models and endpoints of the catalog, with their cost prices, margins and the
 * resulting list prices; provider health, revenue per day, amounts owed to providers, and organisations with their
 * balances and credit grants. Until sign-in exists, entering the operator token opens it for the browser session.
 */
package dev.tollgate.web.console;
