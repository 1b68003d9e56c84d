package dev.tollgate.api.key.control;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A key's settings as its organisation sets them: name, spending limit and its reset, expiry, state. What a valid
 * value of each is lives here, once, for the keys API and the portal's form alike: each {@code …Problem} says what
 * is wrong, if anything, as the end of "&lt;field&gt; …".
 */
public record KeyDraft(
        String name,
        Optional<BigDecimal> limit,
        Optional<LimitReset> limitReset,
        boolean includeByokInLimit,
        Optional<Instant> expiresAt,
        boolean disabled) {

    /** The largest spending limit a key may have, exclusive: a limit is a guard, not a balance. */
    public static final BigDecimal LIMIT_CEILING = new BigDecimal("1000000000");

    public static final int NAME_MAX_LENGTH = 200;

    public static Optional<String> nameProblem(String name) {
        return name == null || name.isBlank() || name.length() > NAME_MAX_LENGTH
                ? Optional.of("must be 1 to " + NAME_MAX_LENGTH + " characters")
                : Optional.empty();
    }

    /** A limit in USD: not negative, below {@link #LIMIT_CEILING}, at most 8 decimals (the ledger's scale). */
    public static Optional<String> limitProblem(BigDecimal limit) {
        if (limit.signum() < 0) {
            return Optional.of("must not be negative (USD)");
        }
        if (limit.stripTrailingZeros().scale() > 8 || limit.compareTo(LIMIT_CEILING) >= 0) {
            return Optional.of("must be USD below 1,000,000,000 with at most 8 decimals");
        }
        return Optional.empty();
    }

    /** A new expiry must lie ahead: a key made expired would be useless and look like a mistake. */
    public static Optional<String> expiryProblem(Instant expiresAt, Instant now) {
        return expiresAt.isAfter(now) ? Optional.empty() : Optional.of("must be in the future");
    }

    /**
     * The first thing wrong with a draft for a new key, naming its field ({@code name}, {@code limit},
     * {@code expires_at}).
     */
    public Optional<FieldProblem> problem(Instant now) {
        return nameProblem(name)
                .map(problem -> new FieldProblem("name", problem))
                .or(() -> limit.flatMap(KeyDraft::limitProblem).map(problem -> new FieldProblem("limit", problem)))
                .or(() -> expiresAt
                        .flatMap(expiry -> expiryProblem(expiry, now))
                        .map(problem -> new FieldProblem("expires_at", problem)));
    }

    /** A field of a draft and what is wrong with it. */
    public record FieldProblem(String field, String problem) {}
}
