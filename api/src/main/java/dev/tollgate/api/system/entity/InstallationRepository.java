package dev.tollgate.api.system.entity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.hibernate.SessionFactory;

/** Reads the installation row. */
@ApplicationScoped
public class InstallationRepository {

    @Inject
    SessionFactory sessionFactory;

    public Optional<Installation> find() {
        return sessionFactory.fromTransaction(
                session -> session.createSelectionQuery("from Installation", Installation.class)
                        .uniqueResultOptional());
    }
}
