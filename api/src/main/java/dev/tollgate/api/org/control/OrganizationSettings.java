package dev.tollgate.api.org.control;

import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.admin.audit.entity.AuditValues;
import dev.tollgate.api.key.control.KeyAuthenticator;
import dev.tollgate.db.Database;
import dev.tollgate.db.Transactions;
import dev.tollgate.db.Transactions.Work;
import dev.tollgate.db.tenancy.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * An organisation's settings: its name, its privacy (no provider that trains on or retains prompts) and its default
 * ignored providers, both of which tighten every call it makes. Its members read them; its owner and admins change
 * them; the operator changes the privacy setting through the operator API. Every change of what routing reads makes
 * the key authenticator forget the organisation's keys, so that this replica's next call already follows it. Every
 * change is in the audit log (before and after), written in the change's transaction.
 */
@ApplicationScoped
public class OrganizationSettings {

    /** How many providers an organisation may ignore by default: more than any catalog is expected to hold. */
    public static final int MAX_IGNORED = 100;

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)?");

    @Inject
    Database database;

    @Inject
    KeyAuthenticator authenticator;

    private final DataSource fixed;
    private final Consumer<UUID> fixedForget;

    /** For CDI: the application's database and key cache. */
    public OrganizationSettings() {
        this.fixed = null;
        this.fixedForget = null;
    }

    /** For tests: a database of their own, and what forgetting an organisation's keys does. */
    public OrganizationSettings(DataSource dataSource, Consumer<UUID> forgetKeys) {
        this.fixed = dataSource;
        this.fixedForget = forgetKeys;
    }

    /**
     * The settings as a member sees them.
     *
     * @param role the viewer's role: owners and admins may change the settings
     */
    public record Settings(
            UUID organization,
            String name,
            boolean personal,
            boolean denyDataCollection,
            List<String> ignoredProviders,
            OrganizationRole role) {

        public Settings {
            ignoredProviders = List.copyOf(ignoredProviders);
        }

        public boolean changeable() {
            return role != OrganizationRole.MEMBER;
        }
    }

    /** The settings, for any member. */
    public Settings of(UUID actor, UUID organization) {
        return inOrganization(organization, connection -> read(connection, actor, organization));
    }

    /** The owner or an admin renames the organisation. */
    public Settings rename(UUID actor, UUID organization, String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 200) {
            throw new MembershipRefusedException("Name the organisation, in at most 200 characters.");
        }
        return change(actor, organization, "name = ?", clean, false);
    }

    /** The owner or an admin keeps every call away from providers that train on or retain prompts (or lifts it). */
    public Settings denyDataCollection(UUID actor, UUID organization, boolean deny) {
        return change(actor, organization, "deny_data_collection = ?", deny, true);
    }

    /**
     * The owner or an admin sets the providers none of the organisation's calls may go to, in addition to each
     * request's {@code provider.ignore}. Ignoring every provider of a model makes calls to it fail as any call does
     * that no endpoint can serve (503, with each endpoint's reason).
     *
     * @param providers catalog provider slugs; a bare slug also names its variants ({@code acme} names {@code acme/eu})
     */
    public Settings ignoreProviders(UUID actor, UUID organization, Collection<String> providers) {
        List<String> slugs = slugs(providers);
        Settings changed = inOrganization(organization, connection -> {
            Settings before = requireChanger(connection, actor, organization);
            Array array = connection.createArrayOf("text", slugs.toArray(String[]::new));
            update(connection, "ignored_providers = ?", array, organization);
            return audited(connection, actor, before);
        });
        forgetKeys(organization);
        return changed;
    }

    /**
     * The operator's switch of the privacy setting, for any organisation.
     *
     * @throws UnknownOrganizationException when no organisation has the id
     */
    public void setDenyDataCollection(Actor operator, UUID organization, boolean deny) {
        TenantScope.platform()
                .run(() -> inTransaction(connection -> {
                    Optional<Boolean> before = denyDataCollection(connection, organization);
                    if (before.isEmpty() || update(connection, "deny_data_collection = ?", deny, organization) == 0) {
                        throw new UnknownOrganizationException(organization.toString());
                    }
                    AuditTrail.record(
                            connection,
                            AuditEntry.of(
                                    operator,
                                    Optional.of(organization),
                                    "organization.update",
                                    "organisation " + organization,
                                    Optional.of(AuditValues.of()
                                            .with("deny_data_collection", before.get())
                                            .json()),
                                    Optional.of(AuditValues.of()
                                            .with("deny_data_collection", deny)
                                            .json())));
                    return null;
                }));
        forgetKeys(organization);
    }

    /** The slugs as stored: lower case, each once, in the order given; refused when one is not a slug. */
    static List<String> slugs(Collection<String> providers) {
        List<String> slugs = providers.stream()
                .map(slug -> slug == null ? "" : slug.strip().toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        if (slugs.size() > MAX_IGNORED) {
            throw new MembershipRefusedException("Ignore at most " + MAX_IGNORED + " providers.");
        }
        slugs.stream()
                .filter(slug -> slug.length() > 100 || !SLUG.matcher(slug).matches())
                .findFirst()
                .ifPresent(slug -> {
                    throw new MembershipRefusedException(
                            "\"" + slug + "\" is not a provider slug. Choose providers from the list.");
                });
        return slugs;
    }

    /** @param routing whether routing reads the setting: then the organisation's cached keys are forgotten */
    private Settings change(UUID actor, UUID organization, String assignment, Object value, boolean routing) {
        Settings changed = inOrganization(organization, connection -> {
            Settings before = requireChanger(connection, actor, organization);
            update(connection, assignment, value, organization);
            return audited(connection, actor, before);
        });
        if (routing) {
            // After the commit: a call that reloads the key in between must already read the new setting.
            forgetKeys(organization);
        }
        return changed;
    }

    /** @return the settings before the change */
    private static Settings requireChanger(Connection connection, UUID actor, UUID organization) throws SQLException {
        Settings settings = read(connection, actor, organization);
        if (settings.role() == OrganizationRole.MEMBER) {
            throw new MembershipRefusedException(
                    "Only the owner and admins change the organisation's settings. Ask one of them.");
        }
        return settings;
    }

    /** Records the change from {@code before} to the settings now, and returns them. */
    private static Settings audited(Connection connection, UUID actor, Settings before) throws SQLException {
        Settings after = read(connection, actor, before.organization());
        AuditTrail.record(
                connection,
                AuditEntry.of(
                        Actor.account(actor),
                        Optional.of(before.organization()),
                        "organization.update",
                        "organisation " + before.organization(),
                        Optional.of(values(before)),
                        Optional.of(values(after))));
        return after;
    }

    private static jakarta.json.JsonObject values(Settings settings) {
        return AuditValues.of()
                .with("name", settings.name())
                .with("deny_data_collection", settings.denyDataCollection())
                .with("ignored_providers", settings.ignoredProviders())
                .json();
    }

    private static Optional<Boolean> denyDataCollection(Connection connection, UUID organization) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT deny_data_collection FROM organization WHERE id = ? FOR UPDATE")) {
            query.setObject(1, organization);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBoolean(1)) : Optional.empty();
            }
        }
    }

    private static Settings read(Connection connection, UUID actor, UUID organization) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT o.name, o.personal,"
                + " o.deny_data_collection, o.ignored_providers, m.role FROM organization o JOIN membership m"
                + " ON m.organization_id = o.id WHERE o.id = ? AND m.account_id = ?")) {
            query.setObject(1, organization);
            query.setObject(2, actor);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw MembershipRefusedException.noSuchOrganization();
                }
                return new Settings(
                        organization,
                        rows.getString(1),
                        rows.getBoolean(2),
                        rows.getBoolean(3),
                        Arrays.asList((String[]) rows.getArray(4).getArray()),
                        OrganizationRole.of(rows.getString(5)));
            }
        }
    }

    private static int update(Connection connection, String assignment, Object value, UUID organization)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("UPDATE organization SET " + assignment + " WHERE id = ?")) {
            statement.setObject(1, value);
            statement.setObject(2, organization);
            return statement.executeUpdate();
        }
    }

    private <T> T inOrganization(UUID organization, Work<T> work) {
        return TenantScope.tenant(organization).call(() -> inTransaction(work));
    }

    private <T> T inTransaction(Work<T> work) {
        return Transactions.inTransaction(dataSource(), "organisation settings", work);
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }

    private void forgetKeys(UUID organization) {
        if (fixedForget != null) {
            fixedForget.accept(organization);
        } else {
            authenticator.forgetOrganization(organization);
        }
    }
}
