package dev.tollgate.routing.adapter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A provider could not answer. Its {@link Kind} decides whether the dispatcher tries the next endpoint and, when
 * nothing is left, which status the caller gets. The message is safe to show: it never holds credentials. A provider's
 * own words are quoted, so an adapter passes them through {@link #redact} with the credential it sent before they
 * leave it (a provider may echo the header it was sent; the message goes to the caller and into the generation record).
 */
public class UpstreamFailure extends Exception {

    /** Why a provider failed, in the gateway's terms. */
    public enum Kind {
        /** Refused, reset or unreachable before an answer. */
        CONNECTION(true, 502, "provider_unavailable"),
        /** No answer (or no next chunk) in time. */
        TIMEOUT(true, 408, "timeout"),
        /** 429 from the provider. */
        RATE_LIMITED(true, 429, "rate_limit_exceeded"),
        /** 5xx, 529 or an overload from the provider. */
        SERVER(true, 502, "provider_overloaded"),
        /** The provider's context window is too small for this prompt: another provider may take it. */
        CONTEXT_LENGTH(true, 400, "context_length_exceeded"),
        /** The provider's moderation refused the input. */
        MODERATION(true, 403, "content_policy_violation"),
        /** The provider refused our credential or does not know the model: the operator's problem, not the caller's. */
        PROVIDER_CONFIGURATION(true, 502, "provider_unavailable"),
        /** The answer broke the protocol (not JSON, not the expected shape). */
        INVALID_RESPONSE(true, 502, "server"),
        /** The request itself is wrong for this model (bad parameter values): retrying elsewhere won't help. */
        BAD_REQUEST(false, 400, "invalid_request");

        private final boolean retryable;
        private final int gatewayStatus;
        private final String errorType;

        Kind(boolean retryable, int gatewayStatus, String errorType) {
            this.retryable = retryable;
            this.gatewayStatus = gatewayStatus;
            this.errorType = errorType;
        }
    }

    private final Kind kind;
    private final int upstreamStatus;
    private final Optional<Duration> retryAfter;

    public UpstreamFailure(Kind kind, int upstreamStatus, String message) {
        this(kind, upstreamStatus, message, Optional.empty());
    }

    public UpstreamFailure(Kind kind, int upstreamStatus, String message, Optional<Duration> retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.upstreamStatus = upstreamStatus;
        this.retryAfter = retryAfter;
    }

    /**
     * Classifies an HTTP error answer by status and, for 400s, by what the message says (providers report context
     * overflow and moderation as plain 400s).
     */
    public static UpstreamFailure fromStatus(int status, String message, Optional<Duration> retryAfter) {
        String lower = message.toLowerCase(Locale.ROOT);
        Kind kind;
        if (status == 429) {
            kind = Kind.RATE_LIMITED;
        } else if (status == 408) {
            kind = Kind.TIMEOUT;
        } else if (status >= 500) {
            kind = Kind.SERVER;
        } else if (status == 401 || status == 403) {
            // The provider's message may quote the credential it refused: it never reaches a caller.
            return new UpstreamFailure(
                    Kind.PROVIDER_CONFIGURATION,
                    status,
                    "the provider refused the gateway's credentials (HTTP " + status + ")",
                    retryAfter);
        } else if (status == 404) {
            kind = Kind.PROVIDER_CONFIGURATION;
        } else if (lower.contains("context length")
                || lower.contains("context_length")
                || lower.contains("context window")
                || lower.contains("maximum context")
                || lower.contains("prompt is too long")
                || lower.contains("too many tokens")) {
            kind = Kind.CONTEXT_LENGTH;
        } else if (lower.contains("moderation") || lower.contains("flagged") || lower.contains("content policy")) {
            kind = Kind.MODERATION;
        } else {
            kind = Kind.BAD_REQUEST;
        }
        return new UpstreamFailure(kind, status, message, retryAfter);
    }

    /** What stands in a message where the provider's credential was. */
    public static final String REDACTED = "[redacted]";

    /**
     * {@code message} with every appearance of {@code credential} replaced by {@link #REDACTED}: as sent, and
     * URL-encoded or in Base64 as a provider might echo it.
     */
    public static String redact(String message, Optional<String> credential) {
        if (credential.isEmpty() || credential.get().isEmpty()) {
            return message;
        }
        String secret = credential.get();
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        String redacted = message;
        for (String form : List.of(
                secret,
                URLEncoder.encode(secret, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))) {
            redacted = redacted.replace(form, REDACTED);
        }
        return redacted;
    }

    /** This failure, or the same with {@code credential} {@linkplain #redact redacted} from its message. */
    public UpstreamFailure redacting(Optional<String> credential) {
        String message = getMessage() == null ? "" : getMessage();
        String redacted = redact(message, credential);
        return redacted.equals(message) ? this : new UpstreamFailure(kind, upstreamStatus, redacted, retryAfter);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable;
    }

    /** The status the caller gets when this is the last failure of a call. */
    public int gatewayStatus() {
        return kind.gatewayStatus;
    }

    /** OpenRouter's typed {@code error_type}. */
    public String errorType() {
        return kind.errorType;
    }

    /** The provider's HTTP status, or 0 when it never answered. */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
