package dev.tollgate.db.tenancy;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The rows the current thread's database work may see: the whole platform (the gateway's own work, the operator),
 * one organisation (a tenant's request), or no tenant's rows at all (an anonymous visitor). Work that starts for a
 * tenant narrows its scope with {@link #tenant(UUID)} at the door; every connection taken from the pool while the
 * scope is open carries it to PostgreSQL, whose row-level security then hides every other organisation's rows,
 * even from a query that forgot its {@code WHERE organization_id = ?}.
 *
 * <p>A thread with no scope opened works for the platform: background jobs and the inference hot path, whose key
 * lookup must search every organisation's keys.
 */
public final class TenantScope {

    /** What PostgreSQL is told, in {@code tollgate.scope}. */
    public enum Kind {
        PLATFORM("platform"),
        TENANT("tenant"),
        NOBODY("nobody");

        final String setting;

        Kind(String setting) {
            this.setting = setting;
        }
    }

    private static final TenantScope PLATFORM = new TenantScope(Kind.PLATFORM, null);
    private static final TenantScope NOBODY = new TenantScope(Kind.NOBODY, null);
    private static final ThreadLocal<TenantScope> CURRENT = new ThreadLocal<>();

    private final Kind kind;
    private final UUID organization;

    private TenantScope(Kind kind, UUID organization) {
        this.kind = kind;
        this.organization = organization;
    }

    public static TenantScope platform() {
        return PLATFORM;
    }

    public static TenantScope tenant(UUID organization) {
        return new TenantScope(Kind.TENANT, Objects.requireNonNull(organization, "organization"));
    }

    public static TenantScope nobody() {
        return NOBODY;
    }

    /** The scope of the current thread: the one last opened and not yet closed, else the platform. */
    public static TenantScope current() {
        TenantScope scope = CURRENT.get();
        return scope == null ? PLATFORM : scope;
    }

    /**
     * Makes this the current thread's scope until the returned handle is closed, which restores the one before.
     * Use it in try-with-resources.
     */
    public Opened open() {
        TenantScope previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Runs {@code work} in this scope. */
    public <T> T call(Supplier<T> work) {
        try (Opened ignored = open()) {
            return work.get();
        }
    }

    /** Runs {@code work} in this scope. */
    public void run(Runnable work) {
        try (Opened ignored = open()) {
            work.run();
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The organisation of a tenant scope. */
    public Optional<UUID> organization() {
        return Optional.ofNullable(organization);
    }

    String settingValue() {
        return kind.setting;
    }

    String organizationValue() {
        return organization == null ? "" : organization.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TenantScope that
                && kind == that.kind
                && Objects.equals(organization, that.organization);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, organization);
    }

    @Override
    public String toString() {
        return organization == null ? kind.setting : kind.setting + ":" + organization;
    }

    /** An open scope; closing it restores the scope before. */
    @FunctionalInterface
    public interface Opened extends AutoCloseable {
        @Override
        void close();
    }
}
