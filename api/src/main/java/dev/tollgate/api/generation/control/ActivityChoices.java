package dev.tollgate.api.generation.control;

import java.util.List;
import java.util.UUID;

/**
 * What an organisation's Activity filters can offer: the models, providers and apps that appear in its history and
 * its keys. Each list holds at most {@value GenerationHistory#MAX_CHOICES} entries.
 */
public record ActivityChoices(
        List<String> models, List<Choice<String>> providers, List<Choice<UUID>> keys, List<String> apps) {

    public ActivityChoices {
        models = List.copyOf(models);
        providers = List.copyOf(providers);
        keys = List.copyOf(keys);
        apps = List.copyOf(apps);
    }

    /** A value to filter by and what people call it. */
    public record Choice<T>(T value, String label) {}
}
