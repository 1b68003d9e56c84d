package dev.tollgate.db.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Replicas joined by an in-memory transport that delivers as Hazelcast's topic does: to every member but the sender. */
class ReplicaEventsTest {

    /** The members of one in-memory cluster. */
    private static final class Hub {
        final List<Member> members = new CopyOnWriteArrayList<>();

        ReplicaEvents join(String name) {
            Member member = new Member(this, name);
            ReplicaEvents events = new ReplicaEvents();
            events.connect(member);
            for (Member other : members) {
                other.receiver().joined(name);
            }
            members.add(member);
            return events;
        }

        void leave(String name) {
            members.removeIf(member -> member.name().equals(name));
            for (Member other : members) {
                other.receiver().left(name);
            }
        }
    }

    private record Member(Hub hub, String name, ReplicaTransport.Receiver[] holder) implements ReplicaTransport {
        Member(Hub hub, String name) {
            this(hub, name, new ReplicaTransport.Receiver[1]);
        }

        ReplicaTransport.Receiver receiver() {
            return holder[0];
        }

        @Override
        public void start(Receiver receiver) {
            holder[0] = receiver;
        }

        @Override
        public void send(String channel, String body) {
            hub.members.stream()
                    .filter(member -> member != this)
                    .forEach(member -> member.receiver().received(name, channel, body));
        }

        @Override
        public String self() {
            return name;
        }

        @Override
        public int members() {
            return hub.members.size();
        }
    }

    @Test
    void aMessageReachesEveryOtherReplicaButNotItsSender() {
        Hub hub = new Hub();
        ReplicaEvents a = hub.join("a");
        ReplicaEvents b = hub.join("b");
        ReplicaEvents c = hub.join("c");
        List<String> seen = new ArrayList<>();
        a.subscribe("key.changed", (origin, body) -> seen.add("a<-" + origin + ":" + body));
        b.subscribe("key.changed", (origin, body) -> seen.add("b<-" + origin + ":" + body));
        c.subscribe("other", (origin, body) -> seen.add("c<-" + origin + ":" + body));

        a.publish("key.changed", "hash");

        assertEquals(List.of("b<-a:hash"), seen);
        assertTrue(a.clustered());
        assertEquals(3, b.members());
        assertEquals("c", c.self());
    }

    @Test
    void aFailingHandlerKeepsTheMessageFromNoOtherHandler() {
        Hub hub = new Hub();
        ReplicaEvents a = hub.join("a");
        ReplicaEvents b = hub.join("b");
        List<String> seen = new ArrayList<>();
        b.subscribe("catalog.changed", (origin, body) -> {
            throw new IllegalStateException("database away");
        });
        b.subscribe("catalog.changed", (origin, body) -> seen.add(body));

        a.publish("catalog.changed", "7");

        assertEquals(List.of("7"), seen);
    }

    @Test
    void replicasHearOfDepartures() {
        Hub hub = new Hub();
        ReplicaEvents a = hub.join("a");
        hub.join("b");
        List<String> left = new ArrayList<>();
        a.subscribe(ReplicaEvents.LEFT, (origin, body) -> left.add(origin));

        hub.leave("b");

        assertEquals(List.of("b"), left);
    }

    @Test
    void aloneNothingIsSentAndNothingFails() {
        ReplicaEvents alone = new ReplicaEvents();
        List<String> seen = new ArrayList<>();
        alone.subscribe("key.changed", (origin, body) -> seen.add(body));

        alone.publish("key.changed", "hash");

        assertTrue(seen.isEmpty());
        assertFalse(alone.clustered());
        assertEquals(1, alone.members());
        assertEquals("local", alone.self());
    }
}
