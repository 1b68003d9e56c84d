package dev.tollgate.web.activity;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import dev.tollgate.api.generation.control.ActivityEntry;
import dev.tollgate.api.generation.control.ActivityEntry.AttemptOutcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenerationDetailsTest {

    @BeforeEach
    void vaadin() {
        MockVaadin.setup();
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    @Test
    void theDetailShowsTokensCostTimingsAndEveryAttemptButNeverTheProvidersCost() {
        ActivityEntry entry =
                Entries.entry("gen-42", Instant.parse("2026-11-22T09:08:07Z"), "openai/gpt-4o", "0.0000396");
        Map<String, String> facts = new LinkedHashMap<>();
        GenerationDetails.facts(entry).forEach(fact -> facts.put(fact[0], fact[1]));

        assertEquals("gen-42", facts.get("Id"));
        assertEquals("2026-11-22 09:08:07 UTC", facts.get("Time"));
        assertEquals("120 (100 cached)", facts.get("Prompt tokens"));
        assertEquals("30 (10 reasoning)", facts.get("Completion tokens"));
        assertEquals("$0.0000396", facts.get("Cost"));
        assertEquals("0.25 s", facts.get("Latency"));
        assertEquals("1.50 s", facts.get("Generation time"));
        assertEquals("stop", facts.get("Finish reason"));
        assertEquals("yes", facts.get("Streamed"));
        assertEquals("Example, \"the\" app (https://app.example)", facts.get("App"));
        assertFalse(facts.keySet().stream().anyMatch(name -> name.toLowerCase().contains("upstream")));

        GenerationDetails details = new GenerationDetails(entry);
        details.open();
        @SuppressWarnings("unchecked")
        Grid<AttemptOutcome> attempts = _get(Grid.class, spec -> spec.withId("generation-attempts"));
        assertEquals(2, GridKt._size(attempts));
        assertEquals("HTTP 503", GridKt._getFormattedRow(attempts, 0).get(2));
        assertEquals("answered", GenerationDetails.outcome(new AttemptOutcome("x", 200, 1)));
        assertEquals(
                "no answer (timeout or connection lost)", GenerationDetails.outcome(new AttemptOutcome("x", 0, 1)));
        assertTrue(_get(Span.class, spec -> spec.withClasses("fact-cost"))
                .getText()
                .equals("$0.0000396"));
    }
}
