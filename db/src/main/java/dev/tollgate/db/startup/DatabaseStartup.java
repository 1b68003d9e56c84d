package dev.tollgate.db.startup;

import dev.tollgate.db.Database;
import dev.tollgate.db.DatabaseSettings;
import dev.tollgate.db.DatabaseUnavailableException;
import dev.tollgate.db.InvalidSettingException;
import dev.tollgate.db.migration.MigrationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;
import org.hibernate.SessionFactory;

/**
 * Opens and migrates the database while the application deploys, before any other start-up observer and before
 * the first request, and builds the persistence unit so that a mapping error fails the start, not a request.
 */
@ApplicationScoped
public class DatabaseStartup {

    @Inject
    Config config;

    @Inject
    Database database;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    StartupFailures failures;

    void onStart(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class)
                    Object event) {
        try {
            database.open(DatabaseSettings.from(config));
            sessionFactory.getMetamodel();
        } catch (InvalidSettingException e) {
            fail("invalid setting: " + e.getMessage());
        } catch (DatabaseUnavailableException e) {
            fail(e.getMessage());
        } catch (MigrationException e) {
            fail("database migration failed: " + e.getMessage());
        } catch (RuntimeException e) {
            fail("database start-up failed: " + e);
        }
    }

    private void fail(String reason) {
        failures.fail(reason);
    }
}
