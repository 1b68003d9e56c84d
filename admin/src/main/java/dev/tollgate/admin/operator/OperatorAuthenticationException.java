package dev.tollgate.admin.operator;

import dev.tollgate.admin.RefusedException;

/** The caller did not prove to be an operator: a 401. */
public class OperatorAuthenticationException extends RefusedException {

    public OperatorAuthenticationException(String message) {
        super(401, message);
    }
}
