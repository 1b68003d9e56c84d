package dev.tollgate.admin.operator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Checks operator tokens. The configured token is kept only as its SHA-256 digest, and digests are compared in
 * constant time, so neither memory dumps nor response timing give the token away.
 */
@ApplicationScoped
public class OperatorTokens {

    private final Optional<byte[]> configured;

    @Inject
    public OperatorTokens(Config config) {
        this(config.getOptionalValue("tollgate.admin.token", String.class));
    }

    OperatorTokens(Optional<String> token) {
        this.configured =
                token.map(String::strip).filter(value -> !value.isEmpty()).map(OperatorTokens::digest);
    }

    /** Needed by CDI for the client proxy. */
    protected OperatorTokens() {
        this.configured = Optional.empty();
    }

    public boolean isConfigured() {
        return configured.isPresent();
    }

    public boolean isOperator(String token) {
        return configured
                .map(expected -> MessageDigest.isEqual(expected, digest(token)))
                .orElse(false);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
