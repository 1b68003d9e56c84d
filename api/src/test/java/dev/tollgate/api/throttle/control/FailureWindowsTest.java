package dev.tollgate.api.throttle.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.billing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureWindowsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final FailureWindows windows = new FailureWindows(3, Duration.ofSeconds(60), clock, 1_000);

    @Test
    void theLimitthFailureInAWindowThrottlesUntilTheWindowEnds() {
        assertTrue(windows.failed("198.51.100.7").isEmpty());
        clock.advance(Duration.ofSeconds(10));
        assertTrue(windows.failed("198.51.100.7").isEmpty());
        assertEquals(Optional.empty(), windows.refusedFor("198.51.100.7"), "two failures: still let in");

        Optional<FailureWindows.Throttled> throttled = windows.failed("198.51.100.7");
        assertEquals(
                Optional.of(new FailureWindows.Throttled(
                        "198.51.100.7", 3, Duration.ofSeconds(60), Instant.parse("2026-11-22T10:01:00Z"))),
                throttled,
                "the window opened with the first failure");
        assertEquals(Optional.of(Duration.ofSeconds(50)), windows.refusedFor("198.51.100.7"));
        assertEquals(Optional.empty(), windows.refusedFor("198.51.100.8"), "another address is never affected");

        clock.advance(Duration.ofSeconds(49));
        assertEquals(Optional.of(Duration.ofSeconds(1)), windows.refusedFor("198.51.100.7"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), windows.refusedFor("198.51.100.7"), "let in when the window is over");
    }

    @Test
    void aThrottleIsReportedOncePerWindowAndANewWindowCountsAfresh() {
        windows.failed("a");
        windows.failed("a");
        assertTrue(windows.failed("a").isPresent());
        // Failures that slip through while throttled (in flight at the time) do not report it again.
        assertTrue(windows.failed("a").isEmpty());
        assertTrue(windows.failed("a").isEmpty());

        clock.advance(Duration.ofSeconds(60));
        assertTrue(windows.failed("a").isEmpty(), "a new window: one failure");
        assertEquals(Optional.empty(), windows.refusedFor("a"));
        windows.failed("a");
        assertTrue(windows.failed("a").isPresent(), "the next window's throttle is reported again");
    }

    @Test
    void forgettingASubjectClearsItsFailures() {
        windows.failed("ada@example.com");
        windows.failed("ada@example.com");
        windows.forget("ada@example.com");
        windows.failed("ada@example.com");
        windows.failed("ada@example.com");
        assertEquals(Optional.empty(), windows.refusedFor("ada@example.com"));
    }

    @Test
    void memoryIsBoundedPastTheMostSubjects() {
        FailureWindows small = new FailureWindows(1, Duration.ofSeconds(60), clock, 2);
        assertTrue(small.failed("a").isPresent());
        assertTrue(small.failed("b").isPresent());
        assertTrue(small.failed("c").isEmpty(), "a third subject is not counted");
        assertEquals(Optional.empty(), small.refusedFor("c"));
        assertEquals(2, small.tracked());
        assertTrue(small.refusedFor("a").isPresent(), "those counted stay throttled");
    }

    @Test
    void endedWindowsAreDroppedWhenTheMapGrows() {
        FailureWindows large = new FailureWindows(3, Duration.ofSeconds(60), clock, 1_000_000);
        for (int i = 0; i < FailureWindows.PRUNE_ABOVE; i++) {
            large.failed("10.0." + (i / 256) + "." + (i % 256));
        }
        assertEquals(FailureWindows.PRUNE_ABOVE, large.tracked());
        clock.advance(Duration.ofSeconds(61));
        large.failed("192.0.2.1");
        assertEquals(1, large.tracked());
    }
}
