package dev.tollgate.admin.catalog.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final byte[] KEY = new byte[32];
    private final CredentialCipher cipher = new CredentialCipher(KEY);
    private final UUID provider = UUID.randomUUID();

    @Test
    void decryptsWhatItEncrypted() {
        assertEquals("sk-upstream-secret", cipher.decrypt(cipher.encrypt("sk-upstream-secret", provider), provider));
    }

    @Test
    void theCiphertextHoldsNoTraceOfTheKey() {
        byte[] sealed = cipher.encrypt("sk-upstream-secret", provider);

        String asText = new String(sealed, StandardCharsets.ISO_8859_1);
        assertFalse(asText.contains("sk-upstream"));
        assertFalse(HexFormat.of().formatHex(sealed).contains(HexFormat.of().formatHex("secret".getBytes())));
    }

    @Test
    void encryptingTwiceGivesDifferentCiphertexts() {
        assertNotEquals(
                Arrays.toString(cipher.encrypt("same", provider)), Arrays.toString(cipher.encrypt("same", provider)));
    }

    @Test
    void aCiphertextMovedToAnotherProviderDoesNotDecrypt() {
        byte[] sealed = cipher.encrypt("sk-upstream-secret", provider);

        assertThrows(IllegalStateException.class, () -> cipher.decrypt(sealed, UUID.randomUUID()));
    }

    @Test
    void anotherKeyCannotDecrypt() {
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        byte[] sealed = cipher.encrypt("sk-upstream-secret", provider);

        assertThrows(IllegalStateException.class, () -> new CredentialCipher(otherKey).decrypt(sealed, provider));
    }

    @Test
    void aKeyMustBe256Bits() {
        assertThrows(IllegalArgumentException.class, () -> new CredentialCipher(new byte[16]));
    }
}
