package dev.tollgate.web.activity;

import dev.tollgate.api.generation.control.ActivityEntry;
import dev.tollgate.api.generation.control.ActivityEntry.Position;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the grid's requests by offset into keyset reads: it remembers where each page it served ended, and starts
 * the next read from the nearest known row before the offset asked for, skipping only the rows in between. Scrolling
 * on, that is nothing; a jump down the scrollbar skips at most the jump. Forget everything when the filter changes.
 */
final class KeysetPages {

    /** Reads up to {@code limit} rows after {@code after} (from the newest when empty), leaving out {@code skip}. */
    @FunctionalInterface
    interface Source {
        List<ActivityEntry> read(Optional<Position> after, int skip, int limit);
    }

    private final Source source;
    // Row index → that row's position; one entry per page served, so memory grows with pages read, not rows.
    private final TreeMap<Integer, Position> known = new TreeMap<>();

    KeysetPages(Source source) {
        this.source = source;
    }

    List<ActivityEntry> fetch(int offset, int limit) {
        Map.Entry<Integer, Position> before = known.floorEntry(offset - 1);
        int start = before == null ? 0 : before.getKey() + 1;
        List<ActivityEntry> rows =
                source.read(before == null ? Optional.empty() : Optional.of(before.getValue()), offset - start, limit);
        if (!rows.isEmpty()) {
            known.put(offset + rows.size() - 1, rows.get(rows.size() - 1).position());
        }
        return rows;
    }

    void forget() {
        known.clear();
    }
}
