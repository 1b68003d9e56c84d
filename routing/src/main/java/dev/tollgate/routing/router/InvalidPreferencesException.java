package dev.tollgate.routing.router;

/** The caller's {@code provider} object cannot be read; the message names the field, for a 400. */
public class InvalidPreferencesException extends RuntimeException {

    public InvalidPreferencesException(String message) {
        super(message, null, false, false);
    }
}
