package dev.tollgate.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the schema is migrated and while the database answers. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    Database database;

    @Override
    public HealthCheckResponse call() {
        boolean migrated = database.isMigrated();
        boolean reachable = migrated && database.isReachable();
        return HealthCheckResponse.named("database")
                .status(migrated && reachable)
                .withData("migrated", migrated)
                .withData("reachable", reachable)
                .build();
    }
}
