package dev.tollgate.admin;

/**
 * A request the administration refuses, with the HTTP status that says why (400 bad field, 401 not an operator, 404
 * no such entry, 409 conflict). The API maps every one to OpenRouter's error envelope in one place.
 */
public abstract class RefusedException extends RuntimeException {

    private final int status;

    protected RefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
