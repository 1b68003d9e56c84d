package dev.tollgate.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a failure because the database is away (stopped, restarting, unreachable, out of connections) from any other:
 * the first is the service being unavailable for a while, answered 503 so that callers retry; the second is a defect,
 * answered 500. Whoever wrapped it (Hibernate, {@link Transactions}, the ledger), the cause chain says which.
 */
public final class DatabaseOutage {

    /** What a caller is told while the database is away: no detail, and that a retry will do. */
    public static final String MESSAGE =
            "Service unavailable: Tollgate cannot reach its database at the moment. Retry in a few seconds.";

    /** The {@code Retry-After} of that answer, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 2;

    /**
     * PostgreSQL's SQLSTATEs of a server going or gone: class 08 (connection exception) is tested apart; 57P01–57P03
     * are the administrator's shutdown, a crash shutdown and "cannot connect now" (starting or stopping); 53300 is no
     * connection slot left.
     */
    private static final Set<String> SERVER_AWAY = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseOutage() {}

    /** Whether the failure, or anything it was caused by, says the database could not be reached or was lost. */
    public static boolean explains(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException
                    || cause instanceof DatabaseUnavailableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || SERVER_AWAY.contains(state)) {
                    return true;
                }
            }
        }
        return false;
    }
}
