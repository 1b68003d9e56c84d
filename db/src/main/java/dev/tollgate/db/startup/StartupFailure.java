package dev.tollgate.db.startup;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Ends the process when start-up cannot succeed. Payara Micro keeps the JVM alive after a failed deployment, which
 * leaves a process that looks alive and serves nothing; a supervisor (systemd, Docker, Kubernetes) should instead
 * see it exit and say why.
 */
public final class StartupFailure {

    /** Exit status of a failed start-up, distinct from the JVM's own failures. */
    public static final int EXIT_STATUS = 3;

    private StartupFailure() {}

    /**
     * Prints {@code tollgate: <reason>} as one line on the process's standard error and halts. The line goes to the
     * file descriptor itself because Payara Micro reroutes {@code System.err} into multi-line log records. Halt,
     * not exit: an exit would run Payara's shutdown hooks, which wait for the deployment this thread is still
     * running. Callers release what they started (the embedded database) first.
     */
    public static void halt(String reason) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        err.println("tollgate: " + reason.replace('\n', ' '));
        err.flush();
        Runtime.getRuntime().halt(EXIT_STATUS);
    }
}
