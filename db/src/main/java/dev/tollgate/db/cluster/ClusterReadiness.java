package dev.tollgate.db.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says whether this replica is clustered and how many replicas it sees, on {@code /health}. Always up: a replica
 * that lost its peers still serves correctly, only its caches fall back on their freshness.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    @Inject
    ReplicaEvents replicas;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cluster")
                .up()
                .withData("clustered", replicas.clustered())
                .withData("replica", replicas.self())
                .withData("members", replicas.members())
                .build();
    }
}
