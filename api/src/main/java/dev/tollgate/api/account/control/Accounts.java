package dev.tollgate.api.account.control;

import dev.tollgate.api.account.control.AccountRefusedException.Reason;
import dev.tollgate.api.throttle.control.ClientAddress;
import dev.tollgate.api.throttle.control.FailureWindows;
import dev.tollgate.api.throttle.control.SignInGuessing;
import dev.tollgate.db.Database;
import dev.tollgate.db.Transactions;
import dev.tollgate.db.tenancy.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Accounts: built-in ones that sign up and sign in with a password, locked for a while after too many failures in a
 * row; accounts of the OpenID Connect provider, made on their first sign-in; and the operator account given in the
 * configuration. Every new account gets its personal organisation, which it owns.
 *
 * <p>Accounts are not a tenant's rows (one person may belong to many organisations), so this works in the platform's
 * scope.
 */
@ApplicationScoped
public class Accounts {

    private static final Logger LOG = Logger.getLogger(Accounts.class.getName());
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    private static final String WRONG = "The email or the password is wrong. Check both and try again.";

    @Inject
    Database database;

    @Inject
    Config config;

    @Inject
    SignInGuessing guessing;

    private final DataSource fixed;
    private AccountSettings settings;
    private PasswordHashing hashing;
    private Clock clock = Clock.systemUTC();

    /** For CDI: the application's database and configuration. */
    public Accounts() {
        this.fixed = null;
    }

    /** For tests: a database of their own, settings and a clock. */
    public Accounts(DataSource dataSource, AccountSettings settings, Clock clock) {
        this(
                dataSource,
                settings,
                clock,
                new SignInGuessing(
                        new FailureWindows(settings.lockoutFailures(), settings.lockout(), clock, 10_000),
                        new FailureWindows(20, Duration.ofMinutes(15), clock, 10_000),
                        new ClientAddress(List.of()),
                        clock));
    }

    /** For tests: also the throttle of failed sign-ins. */
    public Accounts(DataSource dataSource, AccountSettings settings, Clock clock, SignInGuessing guessing) {
        this.fixed = dataSource;
        this.guessing = guessing;
        this.settings = settings;
        this.hashing = new PasswordHashing(settings.pbkdf2Iterations());
        this.clock = clock;
    }

    private DataSource dataSource() {
        return fixed != null ? fixed : database.dataSource();
    }

    private synchronized AccountSettings settings() {
        if (settings == null) {
            settings = AccountSettings.from(config);
            hashing = new PasswordHashing(settings.pbkdf2Iterations());
        }
        return settings;
    }

    private PasswordHashing hashing() {
        settings();
        return hashing;
    }

    /** Whether strangers may sign up here. */
    public boolean signUpOpen() {
        return settings().signUpOpen();
    }

    /**
     * Makes a built-in account and its personal organisation.
     *
     * @throws AccountRefusedException when sign-up is closed, the email is not one or is taken, or the password
     *     breaks a rule; the message says which and what to do
     */
    public SignedIn signUp(String email, String name, char[] password) {
        try {
            if (!settings().signUpOpen()) {
                throw new AccountRefusedException(
                        Reason.SIGN_UP_CLOSED,
                        "Sign-up is closed on this installation. Ask an operator for an account.");
            }
            String address = normalEmail(email);
            String displayName = name == null ? "" : name.strip();
            if (displayName.length() > 200) {
                throw new AccountRefusedException(Reason.INVALID, "Use a name of at most 200 characters.");
            }
            PasswordRules.problem(password, address).ifPresent(problem -> {
                throw new AccountRefusedException(Reason.INVALID, problem);
            });
            String hash = hashing().hash(password);
            return TenantScope.platform()
                    .call(() -> inTransaction(connection -> {
                        if (findByEmail(connection, address, false).isPresent()) {
                            throw new AccountRefusedException(
                                    Reason.EMAIL_TAKEN, "An account with this email exists already. Sign in instead.");
                        }
                        return create(connection, address, displayName, hash, null, false);
                    }));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * A sign-in at the portal's form from {@code client} (see {@link SignInGuessing#clientOf}): refused without a look
     * at the password while the e-mail or the address has failed too often lately, else {@link #signIn(String,
     * char[])}, whose failures count against both.
     */
    public SignedIn signIn(String email, char[] password, String client) {
        Optional<String> account =
                Optional.of(email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
        Optional<String> refusal = guessing.refusal(account, client);
        if (refusal.isPresent()) {
            Arrays.fill(password, '\0');
            throw new AccountRefusedException(Reason.LOCKED, refusal.get());
        }
        try {
            SignedIn who = signIn(email, password);
            guessing.succeeded(account);
            return who;
        } catch (AccountRefusedException refused) {
            if (refused.reason() == Reason.WRONG_CREDENTIALS || refused.reason() == Reason.LOCKED) {
                guessing.failed(account, client);
            }
            throw refused;
        }
    }

    /**
     * Checks a built-in account's password. After {@link AccountSettings#lockoutFailures()} failures in a row the
     * account is locked for {@link AccountSettings#lockout()}, during which even the right password is refused.
     *
     * @throws AccountRefusedException {@link Reason#WRONG_CREDENTIALS} (the same for an unknown email) or
     *     {@link Reason#LOCKED}, whose message says until when
     */
    public SignedIn signIn(String email, char[] password) {
        try {
            String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
            AccountSettings rules = settings();
            return TenantScope.platform()
                    .call(() -> inTransaction(connection -> {
                        Optional<StoredAccount> found = findByEmail(connection, address, true);
                        if (found.isEmpty() || found.get().passwordHash() == null) {
                            hashing().verifyNothing(password);
                            throw new AccountRefusedException(Reason.WRONG_CREDENTIALS, WRONG);
                        }
                        StoredAccount account = found.get();
                        Instant now = clock.instant();
                        if (account.lockedUntil() != null
                                && account.lockedUntil().isAfter(now)) {
                            throw locked(account.lockedUntil(), now);
                        }
                        if (!hashing().verify(password, account.passwordHash())) {
                            int failures = account.failedSignIns() + 1;
                            Instant lockedUntil =
                                    failures >= rules.lockoutFailures() ? now.plus(rules.lockout()) : null;
                            Transactions.update(
                                    connection,
                                    "UPDATE account SET failed_sign_ins = ?, locked_until = ? WHERE id = ?",
                                    lockedUntil == null ? failures : 0,
                                    lockedUntil == null ? null : Timestamp.from(lockedUntil),
                                    account.id());
                            if (lockedUntil != null) {
                                LOG.warning(() -> "account " + account.id() + " locked until " + lockedUntil + " after "
                                        + failures + " failed sign-ins in a row");
                                // Committed by the caller's transaction even though the sign-in fails: see
                                // inTransaction.
                                throw new CommittedRefusal(locked(lockedUntil, now));
                            }
                            throw new CommittedRefusal(new AccountRefusedException(Reason.WRONG_CREDENTIALS, WRONG));
                        }
                        String newHash = hashing().isWeakerThanConfigured(account.passwordHash())
                                ? hashing().hash(password)
                                : account.passwordHash();
                        Transactions.update(
                                connection,
                                "UPDATE account SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = ?,"
                                        + " password_hash = ? WHERE id = ?",
                                Timestamp.from(now),
                                newHash,
                                account.id());
                        return account.signedIn();
                    }));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The account of a person the OpenID Connect provider vouches for: found by the provider's subject, else linked
     * to the built-in account of the same email when the provider verified that email, else made with its personal
     * organisation. The operator flag follows the provider's roles at each sign-in.
     *
     * @throws AccountRefusedException when another account holds the email and the provider did not verify it
     */
    public SignedIn signInWithProvider(ProviderIdentity identity) {
        if (identity.subject() == null || identity.subject().isBlank()) {
            throw new AccountRefusedException(Reason.INVALID, "The sign-in provider sent no subject. Try again.");
        }
        String address = identity.email() == null || identity.email().isBlank()
                ? identity.subject().toLowerCase(Locale.ROOT) + "@users.invalid"
                : identity.email().strip().toLowerCase(Locale.ROOT);
        String name = identity.name() == null ? "" : identity.name().strip();
        Instant now = clock.instant();
        return TenantScope.platform()
                .call(() -> inTransaction(connection -> {
                    Optional<StoredAccount> bySubject = find(connection, "oidc_subject = ?", identity.subject(), true);
                    if (bySubject.isPresent()) {
                        Transactions.update(
                                connection,
                                "UPDATE account SET email = ?, name = ?, operator = ?, last_sign_in_at = ?"
                                        + " WHERE id = ?",
                                address,
                                name,
                                identity.operator(),
                                Timestamp.from(now),
                                bySubject.get().id());
                        return new SignedIn(
                                bySubject.get().id(),
                                address,
                                name,
                                identity.operator(),
                                bySubject.get().personalOrganization());
                    }
                    Optional<StoredAccount> byEmail = findByEmail(connection, address, true);
                    if (byEmail.isPresent()) {
                        if (!identity.emailVerified() || byEmail.get().oidcSubject() != null) {
                            throw new AccountRefusedException(
                                    Reason.EMAIL_TAKEN,
                                    "An account with the email " + address
                                            + " exists already here. Ask an operator to link it to your sign-in.");
                        }
                        Transactions.update(
                                connection,
                                "UPDATE account SET oidc_subject = ?, operator = ?, last_sign_in_at = ?"
                                        + " WHERE id = ?",
                                identity.subject(),
                                identity.operator(),
                                Timestamp.from(now),
                                byEmail.get().id());
                        StoredAccount linked = byEmail.get();
                        return new SignedIn(
                                linked.id(),
                                linked.email(),
                                linked.name(),
                                identity.operator(),
                                linked.personalOrganization());
                    }
                    LOG.info(() -> "first sign-in of provider subject " + identity.subject() + ": account made");
                    return create(connection, address, name, null, identity.subject(), identity.operator());
                }));
    }

    /**
     * Makes sure the operator account of the configuration exists, is an operator and has the configured password.
     */
    public SignedIn ensureOperator(String email, char[] password) {
        String address = normalEmail(email);
        return TenantScope.platform()
                .call(() -> inTransaction(connection -> {
                    Optional<StoredAccount> found = findByEmail(connection, address, true);
                    if (found.isEmpty()) {
                        LOG.info(() -> "operator account " + address + " made from the configuration");
                        return create(connection, address, "Operator", hashing().hash(password), null, true);
                    }
                    StoredAccount account = found.get();
                    String hash = account.passwordHash() != null && hashing().verify(password, account.passwordHash())
                            ? account.passwordHash()
                            : hashing().hash(password);
                    Transactions.update(
                            connection,
                            "UPDATE account SET operator = true, password_hash = ? WHERE id = ?",
                            hash,
                            account.id());
                    return new SignedIn(
                            account.id(), account.email(), account.name(), true, account.personalOrganization());
                }));
    }

    /** The account as it is now (its operator flag may have changed since sign-in). */
    public Optional<SignedIn> find(UUID account) {
        return TenantScope.platform()
                .call(() -> inTransaction(
                        connection -> find(connection, "id = ?", account, false).map(StoredAccount::signedIn)));
    }

    private static AccountRefusedException locked(Instant until, Instant now) {
        String message = SignInGuessing.message(until, now);
        return new AccountRefusedException(
                Reason.LOCKED, message.substring(0, message.length() - 1) + ", or ask an operator.");
    }

    private static String normalEmail(String email) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
            throw new AccountRefusedException(Reason.INVALID, "Enter an email address such as ada@example.com.");
        }
        return address;
    }

    private SignedIn create(
            Connection connection, String email, String name, String hash, String subject, boolean operator)
            throws SQLException {
        UUID account = UUID.randomUUID();
        UUID organization = UUID.randomUUID();
        Instant now = clock.instant();
        Transactions.update(
                connection,
                "INSERT INTO account (id, email, name, password_hash, oidc_subject, operator, created_at,"
                        + " last_sign_in_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                account,
                email,
                name,
                hash,
                subject,
                operator,
                Timestamp.from(now),
                Timestamp.from(now));
        String orgName = "Personal · " + (name.isEmpty() ? email : name);
        Transactions.update(
                connection,
                "INSERT INTO organization (id, name, personal, created_at) VALUES (?, ?, true, ?)",
                organization,
                orgName.length() > 200 ? orgName.substring(0, 200) : orgName,
                Timestamp.from(now));
        Transactions.update(
                connection,
                "INSERT INTO membership (organization_id, account_id, role, created_at) VALUES (?, ?," + " 'owner', ?)",
                organization,
                account,
                Timestamp.from(now));
        return new SignedIn(account, email, name, operator, organization);
    }

    private Optional<StoredAccount> findByEmail(Connection connection, String email, boolean lock) throws SQLException {
        return find(connection, "email = ?", email, lock);
    }

    private static Optional<StoredAccount> find(Connection connection, String condition, Object value, boolean lock)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT a.id, a.email, a.name, a.password_hash,"
                + " a.oidc_subject, a.operator, a.failed_sign_ins, a.locked_until, (SELECT m.organization_id FROM"
                + " membership m JOIN organization o ON o.id = m.organization_id WHERE m.account_id = a.id AND"
                + " o.personal AND m.role = 'owner' LIMIT 1) FROM account a WHERE a." + condition
                + (lock ? " FOR UPDATE OF a" : ""))) {
            query.setObject(1, value);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp lockedUntil = rows.getTimestamp(8);
                return Optional.of(new StoredAccount(
                        rows.getObject(1, UUID.class),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        rows.getBoolean(6),
                        rows.getInt(7),
                        lockedUntil == null ? null : lockedUntil.toInstant(),
                        rows.getObject(9, UUID.class)));
            }
        }
    }

    private record StoredAccount(
            UUID id,
            String email,
            String name,
            String passwordHash,
            String oidcSubject,
            boolean operator,
            int failedSignIns,
            Instant lockedUntil,
            UUID personalOrganization) {

        SignedIn signedIn() {
            return new SignedIn(id, email, name, operator, personalOrganization);
        }
    }

    /** A refusal whose transaction must commit anyway: the failed sign-in is counted. */
    private static final class CommittedRefusal extends RuntimeException {
        final AccountRefusedException refusal;

        CommittedRefusal(AccountRefusedException refusal) {
            super(refusal.getMessage(), null, false, false);
            this.refusal = refusal;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T in(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.in(connection);
                connection.commit();
                return result;
            } catch (CommittedRefusal refusal) {
                connection.commit();
                throw refusal.refusal;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                if (e instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    throw new AccountRefusedException(
                            Reason.EMAIL_TAKEN, "An account with this email exists already. Sign in instead.");
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("accounts: " + e.getMessage(), e);
        }
    }
}
