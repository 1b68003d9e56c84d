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
                PlainDecimal.of(prompt.multiply(factor)),
                PlainDecimal.of(completion.multiply(factor)),
                PlainDecimal.of(request.multiply(factor)),
                PlainDecimal.of(image.multiply(factor)));
    }

    /** What a call with these token counts costs: tokens × prices plus the per-request price, exactly. */
    public BigDecimal charge(long promptTokens, long completionTokens) {
        return PlainDecimal.of(prompt.multiply(BigDecimal.valueOf(promptTokens))
                .add(completion.multiply(BigDecimal.valueOf(completionTokens)))
                .add(request));
    }
}
