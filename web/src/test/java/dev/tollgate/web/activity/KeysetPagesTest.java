package dev.tollgate.web.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.api.generation.control.ActivityEntry;
import dev.tollgate.api.generation.control.ActivityEntry.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeysetPagesTest {

    /** 130 generations, newest first, many sharing an instant. */
    private final List<ActivityEntry> history = IntStream.range(0, 130)
            .mapToObj(i -> Entries.entry(
                    String.format("gen-%03d", i),
                    Instant.parse("2026-11-22T10:00:00Z").minusSeconds(i / 7),
                    "m",
                    "0"))
            .sorted(Comparator.comparing(ActivityEntry::createdAt)
                    .thenComparing(ActivityEntry::id)
                    .reversed())
            .toList();

    private final List<String> reads = new ArrayList<>();

    /** Reads as the database does: after a position in newest-first order, then skip, then limit. */
    private List<ActivityEntry> read(Optional<Position> after, int skip, int limit) {
        reads.add(after.map(Position::id).orElse("start") + "+" + skip);
        Comparator<Position> newestFirst = Comparator.comparing(Position::createdAt)
                .thenComparing(Position::id)
                .reversed();
        return history.stream()
                .filter(entry -> after.isEmpty() || newestFirst.compare(entry.position(), after.get()) > 0)
                .skip(skip)
                .limit(limit)
                .toList();
    }

    @Test
    void scrollingOnReadsFromTheLastRowShownWithoutSkipping() {
        KeysetPages pages = new KeysetPages(this::read);
        List<ActivityEntry> seen = new ArrayList<>();
        for (int offset = 0; offset < 150; offset += 50) {
            seen.addAll(pages.fetch(offset, 50));
        }
        assertEquals(history, seen);
        assertEquals(
                List.of("start+0", history.get(49).id() + "+0", history.get(99).id() + "+0"), reads);
    }

    @Test
    void aJumpSkipsOnlyFromTheNearestKnownRowAndForgettingStartsOver() {
        KeysetPages pages = new KeysetPages(this::read);
        pages.fetch(0, 20);
        assertEquals(history.subList(90, 110), pages.fetch(90, 20));
        assertEquals(history.get(19).id() + "+70", reads.get(1));
        // Back up: rows before a known position are read from the nearest one before them.
        assertEquals(history.subList(40, 60), pages.fetch(40, 20));
        assertEquals(history.get(19).id() + "+20", reads.get(2));

        pages.forget();
        pages.fetch(100, 10);
        assertEquals("start+100", reads.get(3));
    }
}
