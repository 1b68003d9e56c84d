package dev.tollgate.routing.adapter.openai;

import dev.tollgate.routing.adapter.ChoiceNormalizer;
import dev.tollgate.routing.adapter.SseEvent;
import dev.tollgate.routing.adapter.StreamTranslator;
import dev.tollgate.routing.adapter.UpstreamFailure;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** OpenAI chunks pass through (tool-call deltas keep their indices); only finish reasons are normalized. */
final class OpenAiStreamTranslator implements StreamTranslator {

    private boolean done;
    private boolean finishSeen;

    @Override
    public List<JsonObject> onEvent(SseEvent event) throws UpstreamFailure {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            done = true;
            return List.of();
        }
        if (data.isEmpty()) {
            return List.of();
        }
        JsonObject chunk = WireJson.parseObject(data);
        Optional<JsonObject> error = WireJson.objectField(chunk, "error");
        if (error.isPresent()) {
            throw OpenAiProtocol.reportedError(error.get());
        }
        JsonObject normalized = ChoiceNormalizer.normalize(chunk);
        finishSeen |= normalized != chunk;
        return List.of(normalized);
    }

    @Override
    public boolean finished() {
        return done;
    }

    @Override
    public List<JsonObject> onEnd() throws UpstreamFailure {
        // Some servers close without [DONE] once they sent a finish reason; without either, the answer was cut off.
        if (!finishSeen) {
            throw new UpstreamFailure(
                    UpstreamFailure.Kind.CONNECTION, 200, "the provider's stream ended before the answer was finished");
        }
        return List.of();
    }
}
