package dev.tollgate.web.models;

import dev.tollgate.api.models.control.ListedModel;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a visitor narrows the catalog to. Every part is optional; a model must meet all that are set. Prices are
 * compared with the price the catalog shows (the cheapest endpoint's list price), exactly.
 *
 * @param text words that must each appear in the model's name, id or description, in any case
 * @param inputModality a kind of input the model must take (text, image, file, audio…)
 * @param minContext the least context length, in tokens
 * @param maxPromptPerMillion the most a million prompt tokens may cost, in USD
 * @param maxCompletionPerMillion the most a million completion tokens may cost, in USD
 * @param freeOnly only models some endpoint serves free of charge
 */
record ModelFilter(
        String text,
        Optional<String> inputModality,
        Optional<Integer> minContext,
        Optional<BigDecimal> maxPromptPerMillion,
        Optional<BigDecimal> maxCompletionPerMillion,
        boolean freeOnly) {

    static final ModelFilter NONE =
            new ModelFilter("", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

    ModelFilter {
        text = text == null ? "" : text.strip();
    }

    List<ListedModel> apply(List<ListedModel> models) {
        return models.stream().filter(this::accepts).toList();
    }

    boolean accepts(ListedModel listed) {
        return matchesText(listed)
                && inputModality.map(listed.model().inputModalities()::contains).orElse(true)
                && minContext
                        .map(least -> listed.model().contextLength() >= least)
                        .orElse(true)
                && maxPromptPerMillion
                        .map(most -> PerMillion.of(listed.listPrice().prompt()).compareTo(most) <= 0)
                        .orElse(true)
                && maxCompletionPerMillion
                        .map(most ->
                                PerMillion.of(listed.listPrice().completion()).compareTo(most) <= 0)
                        .orElse(true)
                && (!freeOnly || listed.free());
    }

    private boolean matchesText(ListedModel listed) {
        if (text.isEmpty()) {
            return true;
        }
        String haystack = (listed.model().name() + " " + listed.model().id() + " "
                        + Objects.toString(listed.model().description(), ""))
                .toLowerCase(Locale.ROOT);
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("\\s+")).allMatch(haystack::contains);
    }
}
