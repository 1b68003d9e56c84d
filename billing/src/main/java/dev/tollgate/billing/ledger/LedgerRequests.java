package dev.tollgate.billing.ledger;

import dev.tollgate.billing.ledger.LedgerRefusedException.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The wire between {@link Ledger} and the database's {@code ledger_apply}: requests as the JSON it reads, and its
 * refusals (SQLSTATE {@code TGL01}…{@code TGL07}) as reasons.
 */
final class LedgerRequests {

    private static final Map<String, Reason> REFUSALS = Map.of(
            "TGL01", Reason.OVERDRAFT,
            "TGL02", Reason.ID_REUSED,
            "TGL03", Reason.NO_SUCH_HOLD,
            "TGL04", Reason.HOLD_RESOLVED,
            "TGL05", Reason.EXCEEDS_HOLD,
            "TGL06", Reason.KEY_LIMIT,
            "TGL07", Reason.INVALID);

    private LedgerRequests() {}

    static Optional<Reason> refusal(String sqlState) {
        return Optional.ofNullable(REFUSALS.get(sqlState));
    }

    static String json(List<TransferRequest> requests) {
        StringBuilder json = new StringBuilder(256 * requests.size()).append('[');
        for (TransferRequest request : requests) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('{');
            field(json, "id", request.id());
            if (request instanceof TransferRequest.Post post) {
                field(json, "t", "post");
                movement(json, post.debit(), post.credit(), post.amount(), post.code(), post.reference());
                post.apiKey().ifPresent(key -> field(json, "api_key", key));
                json.append(",\"may_overdraw\":").append(post.mayOverdraw());
            } else if (request instanceof TransferRequest.Hold hold) {
                field(json, "t", "hold");
                movement(json, hold.debit(), hold.credit(), hold.amount(), hold.code(), hold.reference());
                field(json, "timeout", hold.timeout());
                hold.apiKey().ifPresent(key -> field(json, "api_key", key));
                hold.cap().ifPresent(cap -> {
                    field(json, "cap_key", cap.apiKey());
                    field(json, "cap_since", cap.since());
                    field(json, "cap_limit", cap.limit());
                });
            } else if (request instanceof TransferRequest.PostHold post) {
                field(json, "t", "post_hold");
                field(json, "hold", post.holdId());
                field(json, "amount", post.amount());
            } else {
                field(json, "t", "void_hold");
                field(json, "hold", ((TransferRequest.VoidHold) request).holdId());
            }
            json.append('}');
        }
        return json.append(']').toString();
    }

    /** Settlements as {@code ledger_settle} reads them: per call its release id, its hold if any, and its posts. */
    static String settlementsJson(Collection<Settlement> settlements) {
        StringBuilder json = new StringBuilder(512 * settlements.size()).append('[');
        for (Settlement settlement : settlements) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('{');
            // The release id is there even without a hold: it names the call's row in the journal.
            field(json, "release", settlement.release());
            settlement.hold().ifPresent(hold -> field(json, "hold", hold));
            settlement.rehold().ifPresent(rehold -> {
                if (json.charAt(json.length() - 1) != '{') {
                    json.append(',');
                }
                json.append("\"rehold\":{");
                field(json, "id", rehold.id());
                field(json, "amount", rehold.amount());
                field(json, "timeout", rehold.timeout());
                json.append('}');
            });
            if (json.charAt(json.length() - 1) != '{') {
                json.append(',');
            }
            json.append("\"posts\":[");
            boolean first = true;
            for (TransferRequest.Post post : settlement.posts()) {
                json.append(first ? "{" : ",{");
                first = false;
                field(json, "id", post.id());
                movement(json, post.debit(), post.credit(), post.amount(), post.code(), post.reference());
                post.apiKey().ifPresent(key -> field(json, "api_key", key));
                json.append('}');
            }
            json.append("]}");
        }
        return json.append(']').toString();
    }

    private static void movement(
            StringBuilder json, UUID debit, UUID credit, BigDecimal amount, String code, Optional<String> reference) {
        field(json, "debit", debit);
        field(json, "credit", credit);
        field(json, "amount", amount);
        field(json, "code", code);
        reference.ifPresent(value -> field(json, "reference", value));
    }

    private static void field(StringBuilder json, String name, Object value) {
        if (json.charAt(json.length() - 1) != '{') {
            json.append(',');
        }
        json.append('"').append(name).append("\":\"");
        String text = value instanceof BigDecimal amount
                ? amount.toPlainString()
                : value instanceof Instant instant ? instant.toString() : String.valueOf(value);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
