package dev.tollgate.admin.catalog.control;

import dev.tollgate.db.InvalidSettingException;
import dev.tollgate.db.startup.StartupFailures;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Readies the catalog once the database is migrated: loads the credential key, seeds the demo catalog into an empty
 * installation when {@code TOLLGATE_DEMO=true}, and publishes the first routing snapshot.
 */
@ApplicationScoped
public class CatalogStartup {

    private static final Logger LOG = Logger.getLogger(CatalogStartup.class.getName());

    @Inject
    Config config;

    @Inject
    CredentialVault vault;

    @Inject
    CatalogService catalog;

    @Inject
    CatalogPublisher publisher;

    @Inject
    StartupFailures failures;

    void onStart(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) @Initialized(ApplicationScoped.class)
                    Object event) {
        try {
            boolean production = "production"
                    .equalsIgnoreCase(config.getOptionalValue("tollgate.mode", String.class)
                            .orElse("development"));
            vault.unlock(new CredentialCipher(CredentialKeySource.load(
                    config.getOptionalValue("tollgate.secret.key", String.class).filter(key -> !key.isBlank()),
                    production,
                    Path.of(config.getOptionalValue("tollgate.data.dir", String.class)
                                    .orElse("data"))
                            .toAbsolutePath())));
            if (config.getOptionalValue("tollgate.demo", Boolean.class).orElse(false) && catalog.isEmpty()) {
                try {
                    DemoCatalog.seed(catalog);
                    LOG.info("seeded the demo catalog (TOLLGATE_DEMO=true)");
                } catch (CatalogConflictException e) {
                    // Another replica starting at the same moment seeded it first: the catalog is there either way.
                    LOG.info("the demo catalog was seeded by another replica: " + e.getMessage());
                }
            }
            publisher.publish();
        } catch (InvalidSettingException e) {
            failures.fail("invalid setting: " + e.getMessage());
        } catch (RuntimeException e) {
            failures.fail("catalog start-up failed: " + e.getMessage());
        }
    }
}
