package dev.tollgate.routing.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private static CatalogSnapshot snapshot(long version, String modelId) {
        return new CatalogSnapshot(
                version,
                Instant.EPOCH,
                List.of(new CatalogModel(modelId, modelId, "", 1000, List.of("text"), List.of("text"), Instant.EPOCH)),
                List.of());
    }

    @Test
    void aNewerSnapshotReplacesTheCurrentOne() {
        Catalog catalog = new Catalog();

        catalog.publish(snapshot(1, "a/one"));
        catalog.publish(snapshot(2, "a/two"));

        assertEquals(2, catalog.current().version());
        assertEquals("a/two", catalog.current().models().get(0).id());
    }

    @Test
    void anOlderSnapshotArrivingLateIsIgnored() {
        Catalog catalog = new Catalog();

        catalog.publish(snapshot(2, "a/two"));
        catalog.publish(snapshot(1, "a/one"));

        assertEquals(2, catalog.current().version());
    }
}
