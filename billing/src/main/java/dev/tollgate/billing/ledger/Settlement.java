package dev.tollgate.billing.ledger;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a finished call moves: the release of its hold, if it had one, and what it cost (at most a post to the
 * provider's payable account and one to the platform's margin). The ids are derived from the call's generation, so the
 * same settlement written twice moves money once.
 *
 * @param hold the call's hold, released whatever the posts are
 * @param release the id of that release
 */
public record Settlement(Optional<UUID> hold, UUID release, List<TransferRequest.Post> posts) {

    public Settlement {
        posts = List.copyOf(posts);
    }
}
