package dev.tollgate.api.org.control;

import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.admin.audit.entity.AuditValues;
import dev.tollgate.api.org.entity.ApiKey;
import dev.tollgate.api.org.entity.Organization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.SessionFactory;

/** Creates organisations, each with its first management key, and changes their settings. */
@ApplicationScoped
public class OrganizationService {

    private final Clock clock = Clock.systemUTC();

    @Inject
    SessionFactory sessions;

    @Inject
    OrganizationSettings settings;

    /** The organisation and its management key, in clear this once. */
    public record CreatedOrganization(Organization organization, IssuedKey managementKey) {}

    /** @param actor who creates it (an operator, or the installation for its demo), for the audit log */
    public CreatedOrganization create(Actor actor, String name) {
        Instant now = clock.instant();
        IssuedKey key = IssuedKey.generate();
        Organization organization = new Organization(UUID.randomUUID(), name, now);
        sessions.inTransaction(session -> {
            session.persist(organization);
            session.persist(
                    new ApiKey(UUID.randomUUID(), organization, key.hash(), key.label(), "Management key", true, now));
            AuditTrail.record(
                    session,
                    AuditEntry.of(
                            actor,
                            Optional.of(organization.getId()),
                            "organization.create",
                            "organisation " + organization.getId(),
                            Optional.empty(),
                            Optional.of(AuditValues.of()
                                    .with("name", name)
                                    .with("management_key", key.label())
                                    .json())));
        });
        return new CreatedOrganization(organization, key);
    }

    /**
     * Whether the organisation's calls must avoid providers that train on or retain prompts. Its keys are forgotten by
     * the authenticator ({@link OrganizationSettings}), so the next call of this replica already carries the new
     * setting.
     *
     * @throws UnknownOrganizationException when no organisation has the id
     */
    public Organization setDenyDataCollection(Actor operator, UUID id, boolean deny) {
        // The same change as an owner's on the settings page, cache forgetting included.
        settings.setDenyDataCollection(operator, id, deny);
        return find(id).orElseThrow(() -> new UnknownOrganizationException(id.toString()));
    }

    /** The oldest organisation with exactly this name: for the installation's own organisations, such as the demo's. */
    public Optional<Organization> findNamed(String name) {
        return sessions.fromTransaction(session -> session
                .createSelectionQuery("from Organization where name = :name order by createdAt, id", Organization.class)
                .setParameter("name", name)
                .setMaxResults(1)
                .getResultList()
                .stream()
                .findFirst());
    }

    public Optional<Organization> find(UUID id) {
        return Optional.ofNullable(sessions.fromTransaction(session -> session.find(Organization.class, id)));
    }
}
