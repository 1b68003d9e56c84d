package dev.tollgate.api.inference.control;

import java.util.Optional;

/**
 * The app a call came from, as OpenRouter's rankings know it: {@code HTTP-Referer} (the app's id) and
 * {@code X-OpenRouter-Title} or {@code X-Title} (its name). Bounded, so a header cannot bloat the records.
 */
public record Attribution(Optional<String> referer, Optional<String> title) {

    static final int MAX_LENGTH = 500;

    public static final Attribution NONE = new Attribution(Optional.empty(), Optional.empty());

    public static Attribution of(String referer, String openRouterTitle, String title) {
        return new Attribution(clean(referer), clean(openRouterTitle).or(() -> clean(title)));
    }

    private static Optional<String> clean(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        return Optional.of(value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value);
    }
}
