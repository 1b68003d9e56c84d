package dev.tollgate.admin.catalog.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** The process's {@link CredentialCipher}, keyed once at start-up by {@link CatalogStartup}. */
@ApplicationScoped
public class CredentialVault {

    private volatile CredentialCipher cipher;

    void unlock(CredentialCipher cipher) {
        this.cipher = cipher;
    }

    public byte[] seal(String credential, UUID providerId) {
        return cipher().encrypt(credential, providerId);
    }

    public Optional<String> open(byte[] ciphertext, UUID providerId) {
        return ciphertext == null ? Optional.empty() : Optional.of(cipher().decrypt(ciphertext, providerId));
    }

    private CredentialCipher cipher() {
        CredentialCipher current = cipher;
        if (current == null) {
            throw new IllegalStateException("the credential key is not loaded yet");
        }
        return current;
    }
}
