package dev.tollgate.api.account.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 with HMAC-SHA-256, in Jakarta Security's stored form {@code PBKDF2WithHmacSHA256:iterations:salt:hash}
 * (salt and hash in Base64), so that a stored hash says how it was made and raising the iteration count later does
 * not lock anyone out.
 */
final class PasswordHashing {

    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    PasswordHashing(int iterations) {
        if (iterations < 1000) {
            throw new IllegalArgumentException("PBKDF2 needs at least 1000 iterations, not " + iterations);
        }
        this.iterations = iterations;
    }

    String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, HASH_BITS);
        Base64.Encoder base64 = Base64.getEncoder();
        return ALGORITHM + ":" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
    }

    /** Whether {@code password} is the one {@code stored} was made from; in time independent of where they differ. */
    boolean verify(char[] password, String stored) {
        String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            return false;
        }
        try {
            int storedIterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            byte[] actual = derive(password, salt, storedIterations, expected.length * 8);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** Whether a stored hash was made with fewer iterations than now configured, and so should be made again. */
    boolean isWeakerThanConfigured(String stored) {
        String[] parts = stored.split(":");
        try {
            return parts.length != 4 || Integer.parseInt(parts[1]) < iterations;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Spends the time a verification would, so that an unknown email answers as slowly as a wrong password. */
    void verifyNothing(char[] password) {
        derive(password, "tollgate-no-such-account".getBytes(StandardCharsets.UTF_8), iterations, HASH_BITS);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
        KeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this Java runtime", e);
        }
    }
}
