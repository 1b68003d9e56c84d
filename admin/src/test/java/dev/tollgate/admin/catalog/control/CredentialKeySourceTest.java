package dev.tollgate.admin.catalog.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.db.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialKeySourceTest {

    @TempDir
    Path dataDir;

    @Test
    void productionRequiresAConfiguredKey() {
        InvalidSettingException refusal = assertThrows(
                InvalidSettingException.class, () -> CredentialKeySource.load(Optional.empty(), true, dataDir));

        assertTrue(refusal.getMessage().startsWith("TOLLGATE_SECRET_KEY is required in production mode"));
        assertFalse(Files.exists(dataDir.resolve("secret.key")), "production never makes a key of its own");
    }

    @Test
    void aConfiguredKeyIsUsedAsGiven() {
        byte[] key = new byte[32];
        key[5] = 42;

        assertArrayEquals(
                key, CredentialKeySource.load(Optional.of(Base64.getEncoder().encodeToString(key)), true, dataDir));
    }

    @Test
    void aKeyOfTheWrongSizeOrEncodingIsRefused() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        assertThrows(
                InvalidSettingException.class,
                () -> CredentialKeySource.load(Optional.of(sixteenBytes), false, dataDir));
        assertThrows(
                InvalidSettingException.class,
                () -> CredentialKeySource.load(Optional.of("not base64!"), false, dataDir));
    }

    @Test
    void developmentMakesAKeyOnceAndKeepsItPrivate() throws Exception {
        byte[] first = CredentialKeySource.load(Optional.empty(), false, dataDir);
        byte[] second = CredentialKeySource.load(Optional.empty(), false, dataDir);

        assertEquals(32, first.length);
        assertArrayEquals(first, second, "the same key after a restart, so stored credentials still decrypt");
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("secret.key"))));
    }
}
