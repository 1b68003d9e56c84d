package dev.tollgate.routing.adapter;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * Turns one call's upstream events into OpenAI chunks. Stateful (a stream's events depend on earlier ones), so one
 * per call.
 */
public interface StreamTranslator {

    /** The chunks this event makes, maybe none; a failure when the event reports an error. */
    List<JsonObject> onEvent(SseEvent event) throws UpstreamFailure;

    /** Whether the protocol said the stream is complete (then the connection need not be read further). */
    boolean finished();

    /** The chunks still owed when the upstream closed the stream, or a failure if it closed too early. */
    List<JsonObject> onEnd() throws UpstreamFailure;
}
