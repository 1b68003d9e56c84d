package dev.tollgate.web.activity;

import dev.tollgate.api.generation.control.ActivityEntry;
import dev.tollgate.api.generation.control.ActivityEntry.AttemptOutcome;
import dev.tollgate.routing.adapter.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Generations as the portal receives them, for tests of its components. */
public final class Entries {

    private Entries() {}

    public static ActivityEntry entry(String id, Instant at, String model, String cost) {
        return new ActivityEntry(
                id,
                at,
                model,
                Optional.of("openai"),
                Optional.of("OpenAI"),
                UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "production",
                Optional.of("https://app.example"),
                Optional.of("Example, \"the\" app"),
                new TokenUsage(120, 30, 10, 100),
                false,
                new BigDecimal(cost),
                250,
                1500,
                Optional.of("stop"),
                true,
                false,
                List.of(new AttemptOutcome("Flaky", 503, 40), new AttemptOutcome("OpenAI", 200, 210)));
    }
}
