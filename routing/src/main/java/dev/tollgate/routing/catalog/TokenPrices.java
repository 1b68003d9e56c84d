package dev.tollgate.routing.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one call costs at an endpoint, in exact USD: per prompt token, per completion token, per request and per
 * input image (the last two zero when the endpoint charges none).
 */
public record TokenPrices(BigDecimal prompt, BigDecimal completion, BigDecimal request, BigDecimal image) {

    public TokenPrices {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
        request = request == null ? BigDecimal.ZERO : request;
        image = image == null ? BigDecimal.ZERO : image;
    }

    /** These prices with a margin on top: each × (1 + margin), exactly. */
    public TokenPrices withMargin(BigDecimal margin) {
        BigDecimal factor = BigDecimal.ONE.add(margin);
        return new TokenPrices(
                exact(prompt.multiply(factor)),
                exact(completion.multiply(factor)),
                exact(request.multiply(factor)),
                exact(image.multiply(factor)));
    }

    private static BigDecimal exact(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
