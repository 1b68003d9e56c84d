package dev.tollgate.routing.dispatch;

import java.util.Map;

/**
 * Nothing can serve the call: 400 for a model that does not exist, 404 when no endpoint can take the request (the
 * router's capability filters), 503 when the model has no enabled endpoint or none meets the requirements. The metadata says what was requested and what was excluded.
 */
public class NoRouteException extends RuntimeException {

    private final int status;
    private final Map<String, Object> metadata;

    public NoRouteException(int status, String message, Map<String, Object> metadata) {
        super(message, null, false, false);
        this.status = status;
        this.metadata = Map.copyOf(metadata);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }
}
