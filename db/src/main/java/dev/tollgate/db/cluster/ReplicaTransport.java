package dev.tollgate.db.cluster;

/**
 * How messages leave this replica and arrive from the others. {@link #NONE} for a single instance; the Hazelcast
 * one when replicas cluster.
 */
interface ReplicaTransport {

    /** A single instance: nobody to tell, nothing arrives. */
    ReplicaTransport NONE = new ReplicaTransport() {
        @Override
        public void start(Receiver receiver) {}

        @Override
        public void send(String channel, String body) {}

        @Override
        public String self() {
            return "local";
        }

        @Override
        public int members() {
            return 1;
        }
    };

    /** Where arriving messages and membership changes go. */
    interface Receiver {

        void received(String origin, String channel, String body);

        void joined(String replica);

        void left(String replica);
    }

    void start(Receiver receiver);

    /** Sends to every other replica, without waiting for them. */
    void send(String channel, String body);

    /** This replica's name in the cluster. */
    String self();

    int members();
}
