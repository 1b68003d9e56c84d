package dev.tollgate.api.inference.control;

import dev.tollgate.admin.RefusedException;

/** A call the gateway will not send anywhere: 400 with what is wrong, 413 when the body is too large. */
public class InvalidRequestException extends RefusedException {

    public InvalidRequestException(int status, String message) {
        super(status, message);
    }
}
