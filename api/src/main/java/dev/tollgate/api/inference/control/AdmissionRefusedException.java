package dev.tollgate.api.inference.control;

import dev.tollgate.admin.RefusedException;
import java.util.Map;

/**
 * A call turned away before dispatch for what the caller may spend: 402 (credits), 403 (the key's limit) or 429 (a
 * free-model quota), with any headers that tell the caller when to come back.
 */
public class AdmissionRefusedException extends RefusedException {

    private final Map<String, String> headers;

    public AdmissionRefusedException(int status, String message) {
        this(status, message, Map.of());
    }

    public AdmissionRefusedException(int status, String message, Map<String, String> headers) {
        super(status, message);
        this.headers = Map.copyOf(headers);
    }

    public Map<String, String> headers() {
        return headers;
    }
}
