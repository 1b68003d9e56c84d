package dev.tollgate.web.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tollgate started the way the README starts it: the {@code tollgate} script at the project's root, with settings
 * in environment variables, here pointed at the jar the build just made; or by another command line, as {@link
 * SharedDeployment} starts the WAR on Payara Micro. Output goes to a file the test can read.
 */
public final class TollgateProcess implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final int port;

    private TollgateProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts Tollgate with these settings on top of a free HTTP port and the data folder given. */
    public static TollgateProcess start(Path dataDir, int port, Map<String, String> settings) throws IOException {
        Path root = Path.of(System.getProperty("tollgate.root"));
        Path output = Files.createTempFile("tollgate-run", ".log");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("tollgate").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("TOLLGATE_"));
        environment.put("TOLLGATE_JAR", System.getProperty("tollgate.jar"));
        environment.put("TOLLGATE_DATA_DIR", dataDir.toString());
        environment.put("TOLLGATE_HTTP_PORT", Integer.toString(port));
        environment.putAll(settings);
        return new TollgateProcess(builder.start(), output, port);
    }

    /** Starts Tollgate by this command line, listening on {@code port}, its output going to {@code output}. */
    static TollgateProcess run(List<String> command, Path output, int port) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new TollgateProcess(process, output, port);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until {@code /health/ready} answers 200; fails at once if the process ends first. */
    public TollgateProcess awaitReady(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Tollgate exited with " + process.exitValue()
                        + " before it was ready; the end of " + output + ":\n" + tail());
            }
            try {
                if (Http.get(uri("/health/ready")).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notListeningYet) {
                // The port opens a few seconds into start-up.
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("Tollgate was not ready within " + limit + "; the end of " + output + ":\n" + tail());
    }

    /** Waits for the process to end by itself and returns its exit status. */
    public int awaitExit(Duration limit) throws InterruptedException, IOException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Tollgate still runs after " + limit + ":\n" + tail());
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    private String tail() throws IOException {
        String all = output();
        return all.substring(Math.max(0, all.length() - 4000));
    }

    /** Kills it as a crash or the OOM killer would (SIGKILL): nothing of Tollgate's own runs on the way out. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Stops it as an operator would (SIGTERM) and waits until it, and so its port and database, are released. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
