package dev.tollgate.web.activity;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import dev.tollgate.api.generation.control.ActivityEntry;
import dev.tollgate.api.generation.control.ActivityEntry.AttemptOutcome;
import dev.tollgate.web.shell.Usd;
import java.util.ArrayList;
import java.util.List;

/**
 * One generation in full: tokens by kind, what it cost the organisation (exactly; never the provider's cost), how long
 * it took, why it ended and every provider tried on the way.
 */
public class GenerationDetails extends Dialog {

    public GenerationDetails(ActivityEntry entry) {
        setId("generation-details");
        setHeaderTitle("Generation");
        setMaxWidth("40rem");
        setWidth("100%");
        Div facts = new Div();
        facts.setId("generation-facts");
        facts.getStyle()
                .set("display", "grid")
                .set("grid-template-columns", "minmax(8rem, max-content) 1fr")
                .set("gap", "0.25rem 1rem");
        for (String[] fact : facts(entry)) {
            Span label = new Span(fact[0]);
            label.getStyle().set("color", "var(--lumo-secondary-text-color)");
            Span value = new Span(fact[1]);
            value.addClassName(
                    "fact-" + fact[0].toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            value.getStyle().set("overflow-wrap", "anywhere");
            facts.add(label, value);
        }
        add(facts, attempts(entry.attempts()));
        Button close = new Button("Close", click -> close());
        close.setId("generation-details-close");
        getFooter().add(close);
    }

    static List<String[]> facts(ActivityEntry entry) {
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Id", entry.id()});
        facts.add(new String[] {"Time", ActivityGrid.TIME.format(entry.createdAt()) + " UTC"});
        facts.add(new String[] {"Model", entry.model()});
        facts.add(new String[] {"Provider", entry.providerName().orElse("none answered")});
        facts.add(new String[] {"Key", entry.keyName()});
        facts.add(new String[] {
            "App",
            entry.app()
                    .map(app -> entry.appTitle()
                            .filter(title -> !title.equals(app))
                            .map(title -> title + " (" + app + ")")
                            .orElse(app))
                    .orElse("none sent")
        });
        facts.add(new String[] {
            "Prompt tokens", tokens(entry.usage().promptTokens(), entry.usage().cachedPromptTokens(), "cached")
        });
        facts.add(new String[] {
            "Completion tokens",
            tokens(entry.usage().completionTokens(), entry.usage().reasoningTokens(), "reasoning")
        });
        if (entry.usageEstimated()) {
            facts.add(new String[] {"Token counts", "estimated: the provider reported none"});
        }
        facts.add(new String[] {"Cost", Usd.exact(entry.totalCost())});
        facts.add(new String[] {"Latency", ActivityGrid.seconds(entry.latencyMillis())});
        facts.add(new String[] {"Generation time", ActivityGrid.seconds(entry.generationMillis())});
        facts.add(
                new String[] {"Finish reason", entry.finishReason().orElse(entry.cancelled() ? "cancelled" : "none")});
        facts.add(new String[] {"Streamed", entry.streamed() ? "yes" : "no"});
        return facts;
    }

    private static String tokens(long total, long part, String partName) {
        return part > 0 ? total + " (" + part + " " + partName + ")" : Long.toString(total);
    }

    static String outcome(AttemptOutcome attempt) {
        return switch (attempt.status()) {
            case 200 -> "answered";
            case 0 -> "no answer (timeout or connection lost)";
            default -> "HTTP " + attempt.status();
        };
    }

    private static Component attempts(List<AttemptOutcome> attempts) {
        Div section = new Div(new H3("Attempts"));
        if (attempts.isEmpty()) {
            section.add(new Span("No provider was tried."));
            return section;
        }
        Grid<AttemptOutcome> grid = new Grid<>();
        grid.setId("generation-attempts");
        grid.setAllRowsVisible(true);
        grid.addColumn(attempt -> attempts.indexOf(attempt) + 1).setHeader("#").setAutoWidth(true);
        grid.addColumn(AttemptOutcome::providerName).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(GenerationDetails::outcome).setHeader("Outcome").setAutoWidth(true);
        grid.addColumn(attempt -> ActivityGrid.seconds(attempt.latencyMillis())).setHeader("Time");
        grid.setItems(attempts);
        section.add(grid);
        return section;
    }
}
