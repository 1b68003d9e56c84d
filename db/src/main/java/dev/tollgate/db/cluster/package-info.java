/**
 * What replicas tell each other: {@link dev.tollgate.db.cluster.ReplicaEvents} carries short messages (a key changed,
 * the catalog changed, health buckets) to every other replica over Payara Micro's Hazelcast when clustering is on,
 * and to nobody when it is off. Nothing here waits for another replica.
 */
package dev.tollgate.db.cluster;
