package dev.tollgate.admin.catalog.control;

import dev.tollgate.admin.RefusedException;

/** No provider, model or endpoint answers to the id or slug given: a 404. */
public class CatalogEntryNotFoundException extends RefusedException {

    public CatalogEntryNotFoundException(String message) {
        super(404, message);
    }
}
