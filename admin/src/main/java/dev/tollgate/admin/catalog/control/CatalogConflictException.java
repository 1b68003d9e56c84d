package dev.tollgate.admin.catalog.control;

import dev.tollgate.admin.RefusedException;

/** The change contradicts what the catalog holds (a taken slug, an endpoint that exists, one still in use): a 409. */
public class CatalogConflictException extends RefusedException {

    public CatalogConflictException(String message) {
        super(409, message);
    }
}
