/** The catalog's tables as JPA entities, and their repository. */
package dev.tollgate.admin.catalog.entity;
