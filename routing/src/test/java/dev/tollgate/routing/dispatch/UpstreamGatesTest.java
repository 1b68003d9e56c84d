package dev.tollgate.routing.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.dispatch.UpstreamGates.Permit;
import dev.tollgate.routing.dispatch.UpstreamGates.Priority;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UpstreamGatesTest {

    private final UpstreamGates gates = new UpstreamGates(Duration.ofSeconds(10));
    private final Optional<Integer> one = Optional.of(1);

    @Test
    void withoutALimitEveryCallEnters() {
        for (int i = 0; i < 100; i++) {
            assertTrue(gates.enter("p", "m", Optional.empty(), Priority.FREE, false)
                    .isPresent());
        }
        assertEquals(0, gates.inFlight("p", "m"));
    }

    @Test
    void atTheLimitAFreeCallIsTurnedAwayAndAPermitFreesItsSlotOnce() {
        Permit held = gates.enter("p", "m", one, Priority.PAID, false).orElseThrow();
        assertTrue(gates.enter("p", "m", one, Priority.FREE, false).isEmpty());
        assertTrue(gates.enter("p", "m", one, Priority.PAID, false).isEmpty(), "a paid call with somewhere else to go");
        assertTrue(gates.enter("p", "other", one, Priority.FREE, false).isPresent(), "another deployment has room");
        held.close();
        held.close();
        assertEquals(0, gates.inFlight("p", "m"));
        assertTrue(gates.enter("p", "m", one, Priority.FREE, false).isPresent());
    }

    @Test
    void aWaitingPaidCallGetsTheNextSlotBeforeAnyFreeCall() throws Exception {
        Permit held = gates.enter("p", "m", one, Priority.FREE, false).orElseThrow();
        CompletableFuture<Optional<Permit>> paid =
                CompletableFuture.supplyAsync(() -> gates.enter("p", "m", one, Priority.PAID, true));
        // Wait until the paid call is queued: a free call is now refused even once the slot frees.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gates.enter("p", "m", Optional.of(2), Priority.FREE, false)
                .map(permit -> {
                    permit.close();
                    return true;
                })
                .orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "the paid call never queued");
            Thread.sleep(5);
        }
        held.close();
        Permit granted = paid.get(5, TimeUnit.SECONDS).orElseThrow();
        assertEquals(1, gates.inFlight("p", "m"));
        assertTrue(gates.enter("p", "m", one, Priority.FREE, false).isEmpty());
        granted.close();
    }

    @Test
    void aPaidCallGivesUpWhenNoSlotComesInTime() {
        UpstreamGates impatient = new UpstreamGates(Duration.ofMillis(20));
        Permit held = impatient.enter("p", "m", one, Priority.PAID, false).orElseThrow();
        assertTrue(impatient.enter("p", "m", one, Priority.PAID, true).isEmpty());
        held.close();
    }
}
