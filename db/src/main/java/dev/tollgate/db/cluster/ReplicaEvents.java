package dev.tollgate.db.cluster;

import dev.tollgate.db.startup.StartupFailures;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Short messages between the replicas of one Tollgate: a replica that changed something its peers hold in memory (a
 * key, an organisation's settings, the catalog) says so on a channel, and each peer's handler forgets or reloads.
 * Messages go out without waiting for anyone, so a change never waits for the cluster, and a lost message is bounded
 * by the freshness each cache keeps anyway.
 *
 * <p>With {@code tollgate.cluster} off (the default, and Payara Micro started with {@code --nocluster}) there is no
 * peer: publishing does nothing, and the code that publishes works unchanged. A replica's own messages never come
 * back to it: the publisher has acted locally already.
 */
@ApplicationScoped
public class ReplicaEvents {

    /** Delivered here, with the departed replica's name as origin, when a replica leaves the cluster. */
    public static final String LEFT = "replica.left";

    private static final Logger LOG = Logger.getLogger(ReplicaEvents.class.getName());

    /** What a replica does with a message: {@code origin} names the replica that sent it. */
    @FunctionalInterface
    public interface Handler {
        void handle(String origin, String body);
    }

    private final Map<String, List<Handler>> handlers = new ConcurrentHashMap<>();
    private volatile ReplicaTransport transport = ReplicaTransport.NONE;

    @Inject
    Config config;

    @Inject
    StartupFailures failures;

    void onStart(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 50) @Initialized(ApplicationScoped.class)
                    Object event) {
        if (!config.getOptionalValue("tollgate.cluster", Boolean.class).orElse(false)) {
            return;
        }
        try {
            connect(HazelcastTransport.lookup());
        } catch (IllegalStateException e) {
            failures.fail("TOLLGATE_CLUSTER is true, but " + e.getMessage()
                    + ": start Tollgate with the tollgate script, which passes Payara Micro its cluster options");
            return;
        }
        LOG.info("clustered as replica " + self() + ", " + members() + " member(s) in the cluster");
    }

    /** Joins the replicas this transport reaches. */
    void connect(ReplicaTransport joined) {
        transport = joined;
        joined.start(new ReplicaTransport.Receiver() {
            @Override
            public void received(String origin, String channel, String body) {
                deliver(channel, origin, body);
            }

            @Override
            public void joined(String replica) {
                // Its application may still be starting: what a newcomer needs, it asks for once subscribed.
                LOG.info("replica " + replica + " joined the cluster");
            }

            @Override
            public void left(String replica) {
                LOG.info("replica " + replica + " left the cluster");
                deliver(LEFT, replica, "");
            }
        });
    }

    /** Calls {@code handler} for every message other replicas publish on {@code channel}. */
    public void subscribe(String channel, Handler handler) {
        handlers.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /**
     * Tells every other replica, without waiting. A failure to send is logged, never thrown: the change it announces
     * is committed already, and the peers' caches expire on their own.
     */
    public void publish(String channel, String body) {
        try {
            transport.send(channel, body);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not tell the other replicas on " + channel, e);
        }
    }

    /** Whether this replica has peers to tell (clustering is on). */
    public boolean clustered() {
        return transport != ReplicaTransport.NONE;
    }

    /** This replica's name in the cluster ({@code local} when alone). */
    public String self() {
        return transport.self();
    }

    /** Replicas in the cluster, this one included. */
    public int members() {
        return transport.members();
    }

    private void deliver(String channel, String origin, String body) {
        for (Handler handler : handlers.getOrDefault(channel, List.of())) {
            try {
                handler.handle(origin, body);
            } catch (RuntimeException e) {
                // One handler's failure must not keep the message from the others, nor kill the delivering thread.
                LOG.log(Level.WARNING, "a handler of " + channel + " failed", e);
            }
        }
    }
}
