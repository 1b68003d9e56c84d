package dev.tollgate.web.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for the deployments under test, started once for the whole test run and handed to Payara Micro as
 * {@code -Dtollgate.db.url}, the way an operator points Tollgate at an external database; with it the {@link
 * FakeStripe}, handed over as {@code -Dstripe.api.base}. All of it goes into the system property {@code
 * payara.cmdOptions}, which both {@link SharedDeployment} (the one deployment the test classes share) and
 * Arquillian's Payara Micro container (DeploymentIT) read when they start the server. Register it before either: the
 * options and the database must exist before the WAR deploys.
 */
public class SharedPostgres implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPostgres.class);

    /** The operator token of the deployment under test. */
    public static final String OPERATOR_TOKEN = "it-operator-token-" + java.util.UUID.randomUUID();

    /** The built-in operator account of the deployment under test. */
    public static final String OPERATOR_EMAIL = "operator@tollgate.test";

    public static final String OPERATOR_PASSWORD = "it-console-pass-" + java.util.UUID.randomUUID();

    /**
     * The database password the deployment is given. The embedded PostgreSQL trusts loopback connections, so any
     * password works; a unique one lets a test look for it where it must never be (SecretsIT).
     */
    public static final String DB_PASSWORD = "it-db-pass-" + java.util.UUID.randomUUID();

    /**
     * Refused credentials from one address in 10 s before it is throttled: far above what all the classes that send
     * wrong keys on purpose add up to from 127.0.0.1 in a window (SecretsIT alone sends about 190 in under a minute),
     * and what AbuseIT sends from an address of its own.
     */
    public static final int KEY_FAILURES = 1000;

    /** The credential key of the deployment under test (32 bytes, base64), so tests can check ciphertexts. */
    public static final String SECRET_KEY = "dGVzdC1vbmx5LWNyZWRlbnRpYWwta2V5LTMyLWJ5dGU=";

    private static volatile EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("server", key -> start(), AutoCloseable.class);
    }

    private static AutoCloseable start() {
        try {
            server = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL for the tests", e);
        }
        System.setProperty(
                "payara.cmdOptions",
                String.join(
                        " ",
                        "-Xmx512m",
                        "-Dtollgate.db.url=" + jdbcUrl(),
                        "-Dtollgate.db.user=postgres",
                        "-Dtollgate.db.password=" + DB_PASSWORD,
                        "-Dtollgate.admin.token=" + OPERATOR_TOKEN,
                        "-Dtollgate.secret.key=" + SECRET_KEY,
                        "-Dtollgate.mode=production",
                        "-Dtollgate.operator.email=" + OPERATOR_EMAIL,
                        "-Dtollgate.operator.password=" + OPERATOR_PASSWORD,
                        // Fewer PBKDF2 rounds than in production: the tests sign in often on a small machine.
                        "-Dtollgate.accounts.pbkdf2-iterations=20000",
                        // Short enough for the inference tests to see keep-alives, timeouts and silence quickly.
                        "-Dtollgate.stream.keep-alive-ms=200",
                        "-Dtollgate.upstream.response-timeout=3",
                        "-Dtollgate.upstream.silence-timeout=2",
                        "-Dtollgate.api.max-body-bytes=262144",
                        // Every test's stream ends within seconds; AbuseIT sees a longer one cut short.
                        "-Dtollgate.stream.max-seconds=8",
                        // Every test calls from 127.0.0.1; AbuseIT names other clients through the trusted proxy's
                        // X-Forwarded-For. The limits are far above what the other classes' deliberately wrong keys
                        // and passwords add up to from 127.0.0.1 in a window (a few dozen), and the key window is
                        // short enough for AbuseIT to see it end.
                        "-Dtollgate.trusted-proxies=127.0.0.1",
                        "-Dtollgate.throttle.key-failures=" + KEY_FAILURES,
                        "-Dtollgate.throttle.key-window-seconds=10",
                        "-Dtollgate.throttle.sign-in-failures=100",
                        // A breaker that trips and cools down within a test (RoutingIT).
                        "-Dtollgate.health.breaker-failures=3",
                        "-Dtollgate.health.breaker-cooldown-ms=1500",
                        "-Dtollgate.routing.saturation-wait-ms=5000",
                        // Rankings read afresh: a test sees its own calls at once (RankingsIT).
                        "-Dtollgate.rankings.cache-seconds=0",
                        // Payments on, against the fake Stripe of this JVM (PaymentsIT).
                        "-Dstripe.secret.key=" + FakeStripe.SECRET_KEY,
                        "-Dstripe.webhook.secret=" + FakeStripe.WEBHOOK_SECRET,
                        "-Dstripe.api.base=" + FakeStripe.shared().apiBase()));
        return () -> server.close();
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    public static Connection connect() throws SQLException {
        return server.getPostgresDatabase().getConnection();
    }
}
