/**
 * Administration: the provider catalog's system of record (providers, models, endpoints, cost prices, margins,
 * encrypted credentials), the operator services and the operator API, and publishing catalog changes to routing.
 */
package dev.tollgate.admin;
