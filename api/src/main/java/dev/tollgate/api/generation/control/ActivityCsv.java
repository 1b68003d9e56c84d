package dev.tollgate.api.generation.control;

import dev.tollgate.routing.catalog.PlainDecimal;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Generations as CSV (RFC 4180): a header line, then one line per generation, each ended by CRLF. A cell holding a
 * comma, a quote or a line break is quoted, its quotes doubled. A cell a spreadsheet would read as a formula (one
 * starting with {@code = + - @}, a tab or a carriage return) is prefixed with a single quote, so an app title chosen by
 * whoever called the API cannot run in the reader's spreadsheet. Numbers are written by us and never guarded.
 */
public final class ActivityCsv {

    static final List<String> HEADER = List.of(
            "id",
            "created_at",
            "model",
            "provider",
            "key",
            "app",
            "tokens_prompt",
            "tokens_completion",
            "tokens_reasoning",
            "tokens_cached",
            "total_cost_usd",
            "latency_ms",
            "generation_time_ms",
            "finish_reason",
            "streamed");

    private final Writer out;

    public ActivityCsv(Writer out) {
        this.out = out;
    }

    public void header() throws IOException {
        line(HEADER);
    }

    public void row(ActivityEntry entry) throws IOException {
        line(List.of(
                text(entry.id()),
                entry.createdAt().toString(),
                text(entry.model()),
                text(entry.providerName().orElse("")),
                text(entry.keyName()),
                text(entry.app().orElse("")),
                Long.toString(entry.usage().promptTokens()),
                Long.toString(entry.usage().completionTokens()),
                Long.toString(entry.usage().reasoningTokens()),
                Long.toString(entry.usage().cachedPromptTokens()),
                PlainDecimal.text(entry.totalCost()),
                Long.toString(entry.latencyMillis()),
                Long.toString(entry.generationMillis()),
                text(entry.finishReason().orElse("")),
                Boolean.toString(entry.streamed())));
    }

    private void line(List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quoted(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** A text cell made safe for spreadsheets: a leading formula character is neutralised by a quote. */
    static String text(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    /** A cell as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
    static String quoted(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
