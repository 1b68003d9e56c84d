package dev.tollgate.api.key.control;

import dev.tollgate.admin.RefusedException;

/** A key that may not make this call: 401 when it proves nobody, 403 when it is the wrong kind of key. */
public class KeyRefusedException extends RefusedException {

    public KeyRefusedException(int status, String message) {
        super(status, message);
    }

    static KeyRefusedException unauthenticated(String message) {
        return new KeyRefusedException(401, message);
    }
}
