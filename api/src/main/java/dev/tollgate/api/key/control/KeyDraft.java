package dev.tollgate.api.key.control;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** A key's settings as its organisation sets them: name, spending limit and its reset, expiry, state. */
public record KeyDraft(
        String name,
        Optional<BigDecimal> limit,
        Optional<LimitReset> limitReset,
        boolean includeByokInLimit,
        Optional<Instant> expiresAt,
        boolean disabled) {}
