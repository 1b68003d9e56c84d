package dev.tollgate.db.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Messages over the Hazelcast member that Payara Micro runs when it is started clustered, found under its JNDI name.
 * One topic carries every channel; a message is the channel, a newline and the body, all plain text, so that nothing
 * of the application's own classes has to be deserialised by Hazelcast. A replica does not receive its own messages.
 */
final class HazelcastTransport implements ReplicaTransport {

    static final String JNDI_NAME = "payara/Hazelcast";
    static final String TOPIC = "tollgate.replica-events";

    private final HazelcastInstance hazelcast;
    private final ITopic<String> topic;

    private HazelcastTransport(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.topic = hazelcast.getTopic(TOPIC);
    }

    /** The running member of Payara Micro; an {@link IllegalStateException} when it was started with --nocluster. */
    static HazelcastTransport lookup() {
        Object found;
        try {
            found = new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException e) {
            throw new IllegalStateException("Payara Micro runs no Hazelcast member (" + JNDI_NAME + " not found)", e);
        }
        if (!(found instanceof HazelcastInstance hazelcast)
                || !hazelcast.getLifecycleService().isRunning()) {
            throw new IllegalStateException("Payara Micro's Hazelcast member is not running");
        }
        return new HazelcastTransport(hazelcast);
    }

    @Override
    public void start(Receiver receiver) {
        topic.addMessageListener(message -> {
            if (message.getPublishingMember() != null
                    && message.getPublishingMember().localMember()) {
                return;
            }
            String text = message.getMessageObject();
            int newline = text.indexOf('\n');
            if (newline > 0) {
                String origin = message.getPublishingMember() == null
                        ? "unknown"
                        : message.getPublishingMember().getUuid().toString();
                receiver.received(origin, text.substring(0, newline), text.substring(newline + 1));
            }
        });
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                receiver.joined(event.getMember().getUuid().toString());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                receiver.left(event.getMember().getUuid().toString());
            }
        });
    }

    @Override
    public void send(String channel, String body) {
        topic.publishAsync(channel + "\n" + body);
    }

    @Override
    public String self() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    @Override
    public int members() {
        return hazelcast.getCluster().getMembers().size();
    }
}
