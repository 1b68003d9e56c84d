/**
 * The provider catalog's system of record: providers, models, endpoints with their cost prices and margins, and
 * the platform's default margin; the operator API over them; and publishing the enabled catalog to routing.
 */
package dev.tollgate.admin.catalog;
