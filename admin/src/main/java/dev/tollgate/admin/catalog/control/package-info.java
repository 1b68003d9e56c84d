/**
 * The catalog's use cases: validating and storing changes, encrypting provider credentials, and publishing a new
 * routing snapshot after every change.
 */
package dev.tollgate.admin.catalog.control;
