package dev.tollgate.api.org.control;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A freshly made key in OpenRouter's format, {@code sk-or-v1-} and 64 hex digits (256 random bits), with the SHA-256
 * hash it is stored under and the masked label shown in lists. The key itself exists only in this object and in the
 * one response that hands it over.
 */
public record IssuedKey(String key, String hash, String label) {

    private static final String PREFIX = "sk-or-v1-";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static IssuedKey generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + HexFormat.of().formatHex(secret);
        return new IssuedKey(
                key, hash(key), key.substring(0, PREFIX.length() + 3) + "..." + key.substring(key.length() - 3));
    }

    /** The hex SHA-256 of a whole key: how a key is looked up, and its id in OpenRouter's key API. */
    public static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "IssuedKey[" + label + "]";
    }
}
