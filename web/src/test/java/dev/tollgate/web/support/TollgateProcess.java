package dev.tollgate.web.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tollgate started the way the README starts it: the {@code tollgate} script at the project's root, with settings
 * in environment variables, here pointed at the jar the build just made; or by another command line, as {@link
 * SharedDeployment} starts the WAR on Payara Micro. Output goes to a file the test can read.
 */
public final class TollgateProcess implements AutoCloseable {

    private static final Random RANDOM = new Random();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /** How often a start on a port of this class's choosing moves to another port that turned out taken. */
    private static final int PORT_MOVES = 3;

    /** The launcher's line when the port is taken before it starts Java. */
    private static final String PORT_TAKEN = "is already in use; stop what holds it";

    // Volatile: awaitReady may move the process to another port, and other threads then read the new one.
    private volatile Process process;
    private volatile Path output;
    private volatile int port;
    /** Starts it again on another port; null when the caller chose the port and so must see it refused. */
    private final PortedStart restart;

    private int portMoves;

    private TollgateProcess(Launch launch, int port, PortedStart restart) {
        this.process = launch.process();
        this.output = launch.output();
        this.port = port;
        this.restart = restart;
    }

    /** Starts Tollgate with these settings on top of the HTTP port and the data folder given. */
    public static TollgateProcess start(Path dataDir, int port, Map<String, String> settings) throws IOException {
        return new TollgateProcess(launch(dataDir, port, settings), port, null);
    }

    /**
     * Starts Tollgate on a free port of this class's choosing. A port is free when handed out, but on a loaded machine
     * another program can take it before the launcher looks (which then stops and says so) or before Payara binds it
     * (which then fails to start and lingers). {@link #awaitReady} then starts it again on another port, at most
     * {@value #PORT_MOVES} times. Read the port from {@link #uri} only after {@link #awaitReady}.
     */
    public static TollgateProcess startOnFreePort(Path dataDir, Map<String, String> settings) throws IOException {
        PortedStart restart = port -> launch(dataDir, port, settings);
        int port = freePort();
        return new TollgateProcess(restart.on(port), port, restart);
    }

    /** A started process and the file its output goes to. */
    private record Launch(Process process, Path output) {}

    @FunctionalInterface
    private interface PortedStart {
        Launch on(int port) throws IOException;
    }

    private static Launch launch(Path dataDir, int port, Map<String, String> settings) throws IOException {
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
        return new Launch(builder.start(), output);
    }

    /** Starts Tollgate by this command line, listening on {@code port}, its output going to {@code output}. */
    static TollgateProcess run(List<String> command, Path output, int port) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new TollgateProcess(new Launch(process, output), port, null);
    }

    /**
     * A port nothing listens on, for a server a test is about to start. It is taken below the kernel's ephemeral
     * range: a port from {@code new ServerSocket(0)} lies inside it, and in the minute a loaded machine takes to
     * boot Payara Micro an outgoing connection (to PostgreSQL, to Chromium) may be given the same port as its local
     * end. Payara Micro then cannot bind, does not exit, and the test waits for a server that never answers.
     */
    public static synchronized int freePort() throws IOException {
        int ephemeralStart = ephemeralRangeStart();
        int low = 10_000;
        if (ephemeralStart < low + 1_000) {
            // No room below the range on this system: take one from it, and the small risk with it.
            try (ServerSocket any = new ServerSocket(0)) {
                return any.getLocalPort();
            }
        }
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = low + RANDOM.nextInt(ephemeralStart - low);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket any = new ServerSocket()) {
                any.bind(new InetSocketAddress(port), 1);
                HANDED_OUT.add(port);
                return port;
            } catch (IOException taken) {
                // Somebody has it; try another.
            }
        }
        throw new IOException("no free port below " + ephemeralStart);
    }

    private static int ephemeralRangeStart() {
        try {
            // Read line by line: procfs reports a size of 0, and Files.readString then reads only the first byte.
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0)
                    .strip()
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            return 32_768;
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Waits until {@code /health/ready} answers 200; fails at once if the process ends first. On timeout the failure
     * says what each poll got and carries the stacks of the threads that were busy in Tollgate or in the health
     * check, so that a start-up that hangs on a loaded machine can be diagnosed from the CI log alone.
     */
    public TollgateProcess awaitReady(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        Map<String, Integer> polls = new LinkedHashMap<>();
        while (Instant.now().isBefore(deadline)) {
            if (restart != null && portMoves < PORT_MOVES && portTaken()) {
                process.destroyForcibly().waitFor();
                portMoves++;
                int next = freePort();
                System.out.println(
                        "Tollgate's port " + port + " was taken before it could bind it; starting it again on " + next
                                + " (the refused attempt's output: " + output + ")");
                Launch moved = restart.on(next);
                process = moved.process();
                output = moved.output();
                port = next;
                continue;
            }
            if (!process.isAlive()) {
                throw new AssertionError("Tollgate exited with " + process.exitValue()
                        + " before it was ready; the end of " + output + ":\n" + tail());
            }
            String outcome;
            try {
                HttpResponse<String> response = Http.get(uri("/health/ready"));
                if (response.statusCode() == 200) {
                    return this;
                }
                outcome = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (IOException notListeningYet) {
                // The port opens a few seconds into start-up.
                outcome = notListeningYet.getClass().getSimpleName() + ": " + notListeningYet.getMessage();
            }
            polls.merge(outcome, 1, Integer::sum);
            TimeUnit.MILLISECONDS.sleep(250);
        }
        StringBuilder failure = new StringBuilder("Tollgate was not ready within " + limit + "; its polls got:\n");
        polls.forEach((outcome, times) ->
                failure.append("  ").append(times).append(" × ").append(outcome).append('\n'));
        failure.append(busyThreads());
        failure.append("The end of ").append(output).append(":\n").append(tail());
        throw new AssertionError(failure);
    }

    /** Whether the launcher refused the port or Payara failed to bind it (and so will never be ready). */
    private boolean portTaken() throws IOException {
        String all = output();
        return (!process.isAlive() && all.contains(PORT_TAKEN))
                || (all.contains("java.net.BindException") && all.contains("Failed to start, exiting"));
    }

    private static String abbreviate(String body) {
        String line = body.replaceAll("\\s+", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }

    /**
     * The JVM's threads that stand in Tollgate's own code or in the health check, from {@code jcmd Thread.print}; the
     * whole dump goes to a file beside the output.
     */
    private String busyThreads() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        StringBuilder busy = new StringBuilder();
        List<ProcessHandle> candidates = new ArrayList<>();
        candidates.add(process.toHandle());
        process.descendants().forEach(candidates::add);
        for (ProcessHandle candidate : candidates) {
            if (!candidate.info().command().orElse("").endsWith("java")) {
                continue;
            }
            try {
                Path dump = Path.of(output + "." + candidate.pid() + ".threads");
                Process print = new ProcessBuilder(jcmd.toString(), Long.toString(candidate.pid()), "Thread.print")
                        .redirectErrorStream(true)
                        .redirectOutput(dump.toFile())
                        .start();
                if (!print.waitFor(30, TimeUnit.SECONDS)) {
                    print.destroyForcibly();
                }
                busy.append("Threads of ")
                        .append(candidate.pid())
                        .append(" (all in ")
                        .append(dump)
                        .append(")")
                        .append(" in Tollgate or the health check:\n");
                for (String thread : Files.readString(dump).split("\n\n")) {
                    String lower = thread.toLowerCase(Locale.ROOT);
                    if (lower.contains("dev.tollgate") || lower.contains("health")) {
                        busy.append(thread).append("\n\n");
                    }
                }
            } catch (IOException | InterruptedException e) {
                busy.append("No thread dump of ")
                        .append(candidate.pid())
                        .append(": ")
                        .append(e)
                        .append('\n');
            }
        }
        return busy.toString();
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
