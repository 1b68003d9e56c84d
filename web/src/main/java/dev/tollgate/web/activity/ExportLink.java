package dev.tollgate.web.activity;

import dev.tollgate.api.generation.control.ActivityFilter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The export's address for a filter, and the filter back from the address: {@value #PATH}{@code ?model=…&provider=…
 * &key=…&app=…&from=…&until=…}, times as ISO-8601 instants. The address carries only the filter: whose generations
 * it exports comes from the session.
 */
final class ExportLink {

    static final String PATH = "/activity/export.csv";

    private ExportLink() {}

    static String of(ActivityFilter filter) {
        List<String> parameters = new ArrayList<>();
        filter.model().ifPresent(value -> parameters.add(parameter("model", value)));
        filter.provider().ifPresent(value -> parameters.add(parameter("provider", value)));
        filter.key().ifPresent(value -> parameters.add(parameter("key", value.toString())));
        filter.app().ifPresent(value -> parameters.add(parameter("app", value)));
        filter.from().ifPresent(value -> parameters.add(parameter("from", value.toString())));
        filter.until().ifPresent(value -> parameters.add(parameter("until", value.toString())));
        return parameters.isEmpty() ? PATH : PATH + "?" + String.join("&", parameters);
    }

    /**
     * The filter of an export request's parameters.
     *
     * @throws IllegalArgumentException naming the parameter that is not what it should be
     */
    static ActivityFilter parse(Function<String, String> parameter) {
        return ActivityFilter.ALL
                .withModel(text(parameter, "model"))
                .withProvider(text(parameter, "provider"))
                .withKey(value(parameter, "key", UUID::fromString))
                .withApp(text(parameter, "app"))
                .between(value(parameter, "from", Instant::parse), value(parameter, "until", Instant::parse));
    }

    private static String text(Function<String, String> parameter, String name) {
        return Optional.ofNullable(parameter.apply(name))
                .filter(value -> !value.isEmpty())
                .orElse(null);
    }

    private static <T> T value(Function<String, String> parameter, String name, Function<String, T> read) {
        String text = text(parameter, name);
        try {
            return text == null ? null : read.apply(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("The parameter " + name + " is not valid: " + text, e);
        }
    }

    private static String parameter(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
