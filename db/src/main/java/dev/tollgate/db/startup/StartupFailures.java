package dev.tollgate.db.startup;

import dev.tollgate.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ends a start-up that cannot succeed, from any module's start-up step: releases the database (and so stops the
 * embedded PostgreSQL, which would otherwise outlive the halted JVM), then halts with one line saying why.
 */
@ApplicationScoped
public class StartupFailures {

    @Inject
    Database database;

    public void fail(String reason) {
        database.close();
        StartupFailure.halt(reason);
    }
}
