package dev.tollgate.web.support;

import java.net.URL;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test against the built WAR on Payara Micro, with the shared PostgreSQL, the operator token and the
 * credential key of {@link SharedPostgres}. Tests call it from outside, as clients do. Every such class of the test
 * JVM talks to the same running deployment ({@link SharedDeployment}), so a test must not count on a fresh process:
 * it makes its own organisations, keys, models and providers under unique names and asserts on those, never on
 * global totals or on in-memory state (caches, endpoint health, breakers) another class may have touched.
 */
@ExtendWith(SharedPostgres.class)
@ExtendWith(SharedDeployment.class)
public abstract class DeployedTollgate {

    /** The root of the deployment, ending in {@code /}. */
    protected URL base;
}
