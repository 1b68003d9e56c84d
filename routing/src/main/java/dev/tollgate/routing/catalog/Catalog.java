package dev.tollgate.routing.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current catalog snapshot of this replica. Reading is one volatile load, so the hot path never waits; the
 * catalog's owner publishes a whole new snapshot after every change.
 */
@ApplicationScoped
public class Catalog {

    private final AtomicReference<CatalogSnapshot> current = new AtomicReference<>(CatalogSnapshot.empty());

    public CatalogSnapshot current() {
        return current.get();
    }

    /** Replaces the snapshot unless a newer one is already in place (publishers may race). */
    public void publish(CatalogSnapshot snapshot) {
        current.accumulateAndGet(snapshot, (old, candidate) -> candidate.version() > old.version() ? candidate : old);
    }
}
