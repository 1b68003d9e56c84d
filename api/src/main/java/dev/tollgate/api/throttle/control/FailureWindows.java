package dev.tollgate.api.throttle.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * Failures counted per subject (a client address, an e-mail) in fixed windows: a window opens at a subject's first
 * failure and lasts {@code window}; the {@code limit}-th failure in it throttles the subject until the window ends.
 * Refused attempts are not failures (they are not counted and do not extend the window), so a throttled subject is let
 * in again when its window is over, whatever it did meanwhile.
 *
 * <p>Memory is bounded: windows that ended are dropped when the map grows past {@link #PRUNE_ABOVE}, and past
 * {@code maxSubjects} a new subject is not counted at all (an attacker with very many addresses gets no throttle, but
 * cannot exhaust memory either; each of those addresses is still slowed by the work its attempts cost).
 */
public final class FailureWindows {

    static final int PRUNE_ABOVE = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final int maxSubjects;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** One subject's window: when it opened and the failures counted in it. */
    private record Window(Instant opened, int failures) {}

    /** A subject that has just been throttled: what the one log line about it says. */
    public record Throttled(String subject, int failures, Duration window, Instant until) {}

    public FailureWindows(int limit, Duration window, Clock clock, int maxSubjects) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a throttle needs a limit of at least 1 and a window longer than 0");
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.maxSubjects = maxSubjects;
    }

    /**
     * Windows as two settings give them: {@code limitKey} failures (default {@code limit}) within {@code windowKey}
     * {@code unit}s (default {@code window}), remembering at most a million subjects.
     */
    public static FailureWindows configured(
            Config config, String limitKey, int limit, String windowKey, long window, ChronoUnit unit, Clock clock) {
        return new FailureWindows(
                config.getOptionalValue(limitKey, Integer.class).orElse(limit),
                Duration.of(config.getOptionalValue(windowKey, Long.class).orElse(window), unit),
                clock,
                1_000_000);
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }

    /** How long the subject is still refused, or empty when it may try. */
    public Optional<Duration> refusedFor(String subject) {
        Instant now = clock.instant();
        Window current = windows.get(subject);
        if (current == null || current.failures() < limit) {
            return Optional.empty();
        }
        Instant until = current.opened().plus(window);
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /**
     * Counts a failure of the subject.
     *
     * @return the throttle, when this very failure reached the limit (once per subject and window: the moment to log)
     */
    public Optional<Throttled> failed(String subject) {
        Instant now = clock.instant();
        if (windows.size() >= PRUNE_ABOVE) {
            windows.values().removeIf(open -> !open.opened().plus(window).isAfter(now));
        }
        if (windows.size() >= maxSubjects && !windows.containsKey(subject)) {
            return Optional.empty();
        }
        Window counted = windows.compute(
                subject,
                (key, open) -> open == null || !open.opened().plus(window).isAfter(now)
                        ? new Window(now, 1)
                        : new Window(open.opened(), Math.min(open.failures() + 1, Integer.MAX_VALUE - 1)));
        return counted.failures() == limit
                ? Optional.of(new Throttled(
                        subject, counted.failures(), window, counted.opened().plus(window)))
                : Optional.empty();
    }

    /** Forgets the subject's failures (a success of the account it names). */
    public void forget(String subject) {
        windows.remove(subject);
    }

    /** Subjects with a window in memory, ended or not: for tests of the bound. */
    int tracked() {
        return windows.size();
    }
}
