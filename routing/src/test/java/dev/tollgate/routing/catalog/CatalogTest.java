package dev.tollgate.routing.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private static CatalogModel model(String id) {
        return new CatalogModel(id, id, "", 1000, List.of("text"), List.of("text"), Instant.EPOCH);
    }

    private static CatalogSnapshot snapshot(long version, String modelId) {
        return new CatalogSnapshot(version, Instant.EPOCH, List.of(model(modelId)), List.of(), List.of());
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

    @Test
    void theAutoRouteKeepsTheOperatorsOrderAndOnlyModelsInTheSnapshot() {
        CatalogSnapshot snapshot = new CatalogSnapshot(
                1,
                Instant.EPOCH,
                List.of(model("a/cheap"), model("a/strong")),
                List.of(),
                List.of(
                        new AutoRouteEntry("a/strong", CostTier.HIGH),
                        new AutoRouteEntry("a/disabled", CostTier.LOW),
                        new AutoRouteEntry("a/cheap", CostTier.LOW)));

        assertEquals(
                List.of(new AutoRouteEntry("a/strong", CostTier.HIGH), new AutoRouteEntry("a/cheap", CostTier.LOW)),
                snapshot.autoRoute());
        assertEquals(List.of(), CatalogSnapshot.empty().autoRoute());
    }

    @Test
    void costTiersReadTheirLowerCaseWireNames() {
        assertEquals(Optional.of(CostTier.XHIGH), CostTier.of("xhigh"));
        assertEquals("max", CostTier.MAX.wireName());
        assertEquals(Optional.empty(), CostTier.of("HIGH"));
        assertEquals(Optional.empty(), CostTier.of("cheap"));
    }
}
