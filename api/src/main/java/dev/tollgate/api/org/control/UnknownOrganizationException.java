package dev.tollgate.api.org.control;

import dev.tollgate.admin.RefusedException;

/** No organisation has the id given (or the caller may not see it): a 404. */
public class UnknownOrganizationException extends RefusedException {

    public UnknownOrganizationException(String id) {
        super(404, "no organisation '" + id + "'");
    }
}
