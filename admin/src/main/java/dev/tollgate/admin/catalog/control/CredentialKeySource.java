package dev.tollgate.admin.catalog.control;

import dev.tollgate.db.InvalidSettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the credential key comes from: {@code TOLLGATE_SECRET_KEY} (32 random bytes, base64). In production mode it
 * is required. In development mode, without it, a key is made once and kept in {@code <data dir>/secret.key}
 * (readable by its owner only), so credentials survive restarts of a development installation.
 */
public final class CredentialKeySource {

    private CredentialKeySource() {}

    public static byte[] load(Optional<String> configured, boolean production, Path dataDir) {
        if (configured.isPresent()) {
            return decode(configured.get().strip());
        }
        if (production) {
            throw new InvalidSettingException("TOLLGATE_SECRET_KEY is required in production mode: 32 random bytes,"
                    + " base64-encoded (openssl rand -base64 32)");
        }
        Path file = dataDir.resolve("secret.key");
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file).strip());
            }
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the development credential key in " + file, e);
        }
    }

    private static byte[] decode(String base64) {
        try {
            byte[] key = Base64.getDecoder().decode(base64);
            if (key.length == 32) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // Said below.
        }
        throw new InvalidSettingException(
                "TOLLGATE_SECRET_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)");
    }
}
