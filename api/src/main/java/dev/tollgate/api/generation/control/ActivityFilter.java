package dev.tollgate.api.generation.control;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Which of an organisation's generations a reader asks for: any combination of one model, one provider, one key, one
 * app and a time range. Empty parts do not narrow.
 *
 * @param model the model that answered, e.g. {@code openai/gpt-4o-mini}
 * @param provider the provider's slug
 * @param key the key that made the call
 * @param app the app as {@link ActivityEntry#app()} names it: its {@code HTTP-Referer}, else its title
 * @param from the first instant included
 * @param until the first instant no longer included
 */
public record ActivityFilter(
        Optional<String> model,
        Optional<String> provider,
        Optional<UUID> key,
        Optional<String> app,
        Optional<Instant> from,
        Optional<Instant> until) {

    public static final ActivityFilter ALL = new ActivityFilter(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public ActivityFilter withModel(String value) {
        return new ActivityFilter(Optional.ofNullable(value), provider, key, app, from, until);
    }

    public ActivityFilter withProvider(String value) {
        return new ActivityFilter(model, Optional.ofNullable(value), key, app, from, until);
    }

    public ActivityFilter withKey(UUID value) {
        return new ActivityFilter(model, provider, Optional.ofNullable(value), app, from, until);
    }

    public ActivityFilter withApp(String value) {
        return new ActivityFilter(model, provider, key, Optional.ofNullable(value), from, until);
    }

    public ActivityFilter between(Instant first, Instant end) {
        return new ActivityFilter(model, provider, key, app, Optional.ofNullable(first), Optional.ofNullable(end));
    }
}
