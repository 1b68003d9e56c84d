package dev.tollgate.billing.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a finished call moves: the release of its hold, if it had one, and what it cost (at most a post to the
 * provider's payable account and one to the platform's margin). The ids are derived from the call's generation, so the
 * same settlement written twice moves money once. A lease of credit is settled the same way, with no posts: its hold
 * released and, if {@code rehold} is there, held again at once for less.
 *
 * @param hold the call's hold, released whatever the posts are
 * @param release the id of that release
 * @param rehold what the released hold is held again for, in the same statement
 */
public record Settlement(Optional<UUID> hold, UUID release, List<TransferRequest.Post> posts, Optional<Rehold> rehold) {

    public Settlement {
        posts = List.copyOf(posts);
    }

    public Settlement(Optional<UUID> hold, UUID release, List<TransferRequest.Post> posts) {
        this(hold, release, posts, Optional.empty());
    }

    /** A hold made anew for what a released one still needs to hold: never more than it held. */
    public record Rehold(UUID id, BigDecimal amount, Instant timeout) {}
}
