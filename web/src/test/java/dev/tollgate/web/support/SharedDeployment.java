package dev.tollgate.web.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * The built WAR on ONE Payara Micro for every {@link DeployedTollgate} class of the test JVM: started by the first
 * class that needs it, stopped when JUnit's root context closes (before {@link SharedPostgres}, registered earlier,
 * closes the database). It runs the command Arquillian's {@code arquillian-payara-micro-managed} runs, with the same
 * {@code payara.cmdOptions}, on a free loopback port, and counts as started once {@code /health/ready} answers 200.
 * Its output goes to {@code web/target/payara-micro-shared.log}; a failed start shows the tail of it. Register it
 * after {@link SharedPostgres}, whose start sets those options.
 */
public class SharedDeployment implements BeforeAllCallback, TestInstancePostProcessor {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedDeployment.class);

    /** Arquillian's default start-up limit: the full app takes 20–60 s on a busy 2-core machine. */
    private static final Duration START = Duration.ofSeconds(180);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        ((DeployedTollgate) testInstance).base = running(context).base;
    }

    private static Server running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("server", key -> start(), Server.class);
    }

    private static Server start() {
        try {
            return Server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Payara Micro with the WAR", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Payara Micro", e);
        }
    }

    /** The running Payara Micro and the URL of the WAR's root, ending in {@code /}. */
    private static final class Server implements AutoCloseable {

        private final TollgateProcess tollgate;
        private final URL base;
        private final Thread killOnExit;

        private Server(TollgateProcess tollgate) throws MalformedURLException {
            this.tollgate = tollgate;
            this.base = tollgate.uri("/").toURL();
            // A backstop for a test JVM that ends without closing JUnit's root context (Failsafe's timeout,
            // System.exit): the server must not outlive it, holding its port and connections to the database.
            this.killOnExit = new Thread(
                    () -> {
                        try {
                            tollgate.kill();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "kill-shared-payara-micro");
            Runtime.getRuntime().addShutdownHook(killOnExit);
        }

        static Server start() throws IOException, InterruptedException {
            String options = System.getProperty("payara.cmdOptions");
            if (options == null) {
                throw new IllegalStateException("payara.cmdOptions is not set: register SharedPostgres first");
            }
            String war = System.getProperty("tollgate.war");
            int port = TollgateProcess.freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // Split on blanks as Arquillian splits them; none of the options contains one.
            command.addAll(List.of(options.trim().split(" +")));
            command.addAll(List.of(
                    "-jar",
                    System.getProperty("payara.microJar"),
                    "--deploy",
                    war,
                    "--port",
                    Integer.toString(port),
                    "--nocluster",
                    "--showServletMappings",
                    "--disablephonehome"));
            Path output = Path.of(war).resolveSibling("payara-micro-shared.log");
            Server server = new Server(TollgateProcess.run(command, output, port));
            try {
                server.tollgate.awaitReady(START);
            } catch (RuntimeException | Error | InterruptedException e) {
                server.close();
                throw e;
            }
            return server;
        }

        /** Stops it (SIGTERM) and waits until it, and so its port and database connections, are released. */
        @Override
        public void close() throws InterruptedException {
            tollgate.close();
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook runs anyway; the process is gone by then.
            }
        }
    }
}
