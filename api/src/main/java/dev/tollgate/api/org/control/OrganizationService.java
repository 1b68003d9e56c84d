package dev.tollgate.api.org.control;

import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.api.org.entity.Organization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.SessionFactory;

/** Creates organisations, each with its first management key. */
@ApplicationScoped
public class OrganizationService {

    private final Clock clock = Clock.systemUTC();

    @Inject
    SessionFactory sessions;

    /** The organisation and its management key, in clear this once. */
    public record CreatedOrganization(Organization organization, IssuedKey managementKey) {}

    public CreatedOrganization create(String name) {
        Instant now = clock.instant();
        IssuedKey key = IssuedKey.generate();
        Organization organization = new Organization(UUID.randomUUID(), name, now);
        sessions.inTransaction(session -> {
            session.persist(organization);
            session.persist(
                    new ApiKey(UUID.randomUUID(), organization, key.hash(), key.label(), "Management key", true, now));
        });
        return new CreatedOrganization(organization, key);
    }

    public Optional<Organization> find(UUID id) {
        return Optional.ofNullable(sessions.fromTransaction(session -> session.find(Organization.class, id)));
    }
}
