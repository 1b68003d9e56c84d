package dev.tollgate.db;

/** A setting's value cannot be used; the message names its environment variable and what it must be. */
public class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
