package dev.tollgate.db.migration;

/** The schema could not be brought up to date; the application must not serve with it. */
public class MigrationException extends RuntimeException {

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
