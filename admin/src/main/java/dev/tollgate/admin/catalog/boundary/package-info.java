/** The operator API over the catalog, {@code /api/admin/v1/providers}, {@code models} and {@code endpoints}. */
package dev.tollgate.admin.catalog.boundary;
