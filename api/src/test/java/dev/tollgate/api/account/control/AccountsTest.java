package dev.tollgate.api.account.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.api.account.control.AccountRefusedException.Reason;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.api.org.control.OrganizationRole;
import dev.tollgate.api.support.FreshDatabase;
import dev.tollgate.api.throttle.control.ClientAddress;
import dev.tollgate.api.throttle.control.FailureWindows;
import dev.tollgate.api.throttle.control.SignInGuessing;
import dev.tollgate.billing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountsTest {

    private static final AccountSettings SETTINGS = new AccountSettings(1000, 3, Duration.ofMinutes(15), true);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private DataSource database;
    private Accounts accounts;
    private Memberships memberships;

    @BeforeEach
    void freshDatabase() {
        database = FreshDatabase.create();
        accounts = new Accounts(database, SETTINGS, clock);
        memberships = new Memberships(database, clock);
    }

    @Test
    void signUpMakesAnAccountThatOwnsItsPersonalOrganisation() {
        SignedIn ada = accounts.signUp("  Ada@Example.com ", "Ada", "correct horse battery".toCharArray());

        assertEquals("ada@example.com", ada.email());
        assertFalse(ada.operator());
        List<Memberships.Membership> organisations = memberships.organizationsOf(ada.account());
        assertEquals(1, organisations.size());
        assertEquals(ada.personalOrganization(), organisations.get(0).organization());
        assertTrue(organisations.get(0).personal());
        assertEquals(OrganizationRole.OWNER, organisations.get(0).role());
        assertEquals(
                ada.account(),
                accounts.signIn("ADA@example.com", "correct horse battery".toCharArray())
                        .account());
    }

    @Test
    void signUpSaysWhatIsWrong() {
        assertRefused(Reason.INVALID, "at least 10", () -> accounts.signUp("a@b.co", "", "short".toCharArray()));
        assertRefused(
                Reason.INVALID, "attackers try", () -> accounts.signUp("a@b.co", "", "password123".toCharArray()));
        assertRefused(
                Reason.INVALID,
                "email address",
                () -> accounts.signUp("not-an-email", "", "long enough pass".toCharArray()));
        assertRefused(
                Reason.INVALID,
                "from your email",
                () -> accounts.signUp("grace.hopper@b.co", "", "grace.hopper!!".toCharArray()));
        accounts.signUp("a@b.co", "", "long enough pass".toCharArray());
        assertRefused(
                Reason.EMAIL_TAKEN,
                "Sign in instead",
                () -> accounts.signUp("A@B.CO", "", "another long pass".toCharArray()));
    }

    @Test
    void passwordsAreStoredAsPbkdf2HashesOnly() throws Exception {
        accounts.signUp("a@b.co", "", "long enough pass".toCharArray());
        try (var connection = database.getConnection();
                var rows = connection.createStatement().executeQuery("SELECT password_hash FROM account")) {
            rows.next();
            String stored = rows.getString(1);
            assertTrue(stored.startsWith("PBKDF2WithHmacSHA256:1000:"), stored);
            assertFalse(stored.contains("long enough pass"));
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        accounts.signUp("a@b.co", "", "long enough pass".toCharArray());
        AccountRefusedException wrong = assertThrows(
                AccountRefusedException.class, () -> accounts.signIn("a@b.co", "wrong one!".toCharArray()));
        AccountRefusedException unknown = assertThrows(
                AccountRefusedException.class, () -> accounts.signIn("nobody@b.co", "wrong one!".toCharArray()));
        assertEquals(wrong.getMessage(), unknown.getMessage());
        assertEquals(Reason.WRONG_CREDENTIALS, unknown.reason());
    }

    @Test
    void repeatedFailuresLockTheAccountUntilTheLockRunsOut() {
        accounts.signUp("a@b.co", "", "long enough pass".toCharArray());
        for (int i = 0; i < 2; i++) {
            assertRefused(
                    Reason.WRONG_CREDENTIALS, "wrong", () -> accounts.signIn("a@b.co", "guess guess!".toCharArray()));
        }
        assertRefused(
                Reason.LOCKED, "locked until 10:15 UTC", () -> accounts.signIn("a@b.co", "guess guess!".toCharArray()));
        // Locked: even the right password is refused.
        assertRefused(Reason.LOCKED, "locked", () -> accounts.signIn("a@b.co", "long enough pass".toCharArray()));

        clock.advance(Duration.ofMinutes(16));
        assertEquals(
                "a@b.co",
                accounts.signIn("a@b.co", "long enough pass".toCharArray()).email());
    }

    @Test
    void aSuccessfulSignInForgetsEarlierFailures() {
        accounts.signUp("a@b.co", "", "long enough pass".toCharArray());
        for (int round = 0; round < 3; round++) {
            assertRefused(
                    Reason.WRONG_CREDENTIALS, "wrong", () -> accounts.signIn("a@b.co", "guess guess!".toCharArray()));
            assertRefused(
                    Reason.WRONG_CREDENTIALS, "wrong", () -> accounts.signIn("a@b.co", "guess guess!".toCharArray()));
            accounts.signIn("a@b.co", "long enough pass".toCharArray());
        }
    }

    @Test
    void concurrentGuessesCannotGetPastTheLock() throws Exception {
        accounts.signUp("a@b.co", "", "long enough pass".toCharArray());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Reason>> guesses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guesses.add(pool.submit(() -> {
                try {
                    accounts.signIn("a@b.co", "guess guess!".toCharArray());
                    return null;
                } catch (AccountRefusedException e) {
                    return e.reason();
                }
            }));
        }
        int wrong = 0;
        for (Future<Reason> guess : guesses) {
            if (guess.get() == Reason.WRONG_CREDENTIALS) {
                wrong++;
            }
        }
        pool.shutdown();
        // Exactly as many password checks as the lock allows; every later guess met the lock.
        assertEquals(SETTINGS.lockoutFailures() - 1, wrong);
        assertRefused(Reason.LOCKED, "locked", () -> accounts.signIn("a@b.co", "long enough pass".toCharArray()));
    }

    @Test
    void aProviderSubjectIsProvisionedOnceAndItsOperatorRoleFollowsTheProvider() {
        SignedIn first = accounts.signInWithProvider(new ProviderIdentity("kc-1", "Op@Example.com", true, "Op", true));
        SignedIn again = accounts.signInWithProvider(new ProviderIdentity("kc-1", "op@example.com", true, "Op", false));

        assertEquals(first.account(), again.account());
        assertEquals(first.personalOrganization(), again.personalOrganization());
        assertTrue(first.operator());
        assertFalse(again.operator());
        assertEquals(1, memberships.organizationsOf(first.account()).size());
        // A provider account has no password to sign in with.
        assertRefused(
                Reason.WRONG_CREDENTIALS,
                "wrong",
                () -> accounts.signIn("op@example.com", "anything goes".toCharArray()));
    }

    @Test
    void aVerifiedProviderEmailLinksTheBuiltInAccountAndAnUnverifiedOneIsRefused() {
        SignedIn builtIn = accounts.signUp("a@b.co", "", "long enough pass".toCharArray());

        assertRefused(
                Reason.EMAIL_TAKEN,
                "exists already",
                () -> accounts.signInWithProvider(new ProviderIdentity("kc-2", "a@b.co", false, "", false)));
        SignedIn linked = accounts.signInWithProvider(new ProviderIdentity("kc-3", "a@b.co", true, "", false));
        assertEquals(builtIn.account(), linked.account());
    }

    @Test
    void theConfiguredOperatorIsMadeOnceAndTakesTheConfiguredPassword() {
        SignedIn operator = accounts.ensureOperator("ops@example.com", "first operator pw".toCharArray());
        SignedIn again = accounts.ensureOperator("ops@example.com", "second operator pw".toCharArray());

        assertEquals(operator.account(), again.account());
        assertTrue(accounts.signIn("ops@example.com", "second operator pw".toCharArray())
                .operator());
        assertRefused(
                Reason.WRONG_CREDENTIALS,
                "wrong",
                () -> accounts.signIn("ops@example.com", "first operator pw".toCharArray()));
    }

    @Test
    void closedSignUpIsSaidSo() {
        Accounts closed =
                new Accounts(database, new AccountSettings(1000, 3, Duration.ofMinutes(1), false), Clock.systemUTC());
        assertRefused(
                Reason.SIGN_UP_CLOSED,
                "Ask an operator",
                () -> closed.signUp("a@b.co", "", "long enough pass".toCharArray()));
    }

    @Test
    void anUnknownEmailIsThrottledAsAnAccountIsLocked() {
        accounts.signUp("a@b.co", "", "long enough pass".toCharArray());
        for (int i = 0; i < 2; i++) {
            assertRefused(Reason.WRONG_CREDENTIALS, "wrong", () -> accounts.signIn("a@b.co", guess(), "192.0.2.1"));
            assertRefused(
                    Reason.WRONG_CREDENTIALS, "wrong", () -> accounts.signIn("nobody@b.co", guess(), "192.0.2.2"));
        }
        String tooMany = "Too many failed sign-ins; try again in 15 minutes (locked until 10:15 UTC)";
        assertRefused(Reason.LOCKED, tooMany, () -> accounts.signIn("a@b.co", guess(), "192.0.2.1"));
        assertRefused(Reason.WRONG_CREDENTIALS, "wrong", () -> accounts.signIn("nobody@b.co", guess(), "192.0.2.2"));
        // From here on both answer alike, so a lock does not tell which e-mails have an account.
        assertRefused(Reason.LOCKED, tooMany, () -> accounts.signIn("nobody@b.co", guess(), "192.0.2.2"));
        assertRefused(
                Reason.LOCKED, tooMany, () -> accounts.signIn("a@b.co", "long enough pass".toCharArray(), "192.0.2.3"));

        clock.advance(Duration.ofMinutes(15));
        assertEquals(
                "a@b.co",
                accounts.signIn("a@b.co", "long enough pass".toCharArray(), "192.0.2.1")
                        .email());
    }

    @Test
    void anAddressTryingManyEmailsIsThrottledAndOthersAreNot() {
        Accounts guarded = new Accounts(
                database,
                SETTINGS,
                clock,
                new SignInGuessing(
                        new FailureWindows(3, Duration.ofMinutes(15), clock, 100),
                        new FailureWindows(4, Duration.ofMinutes(10), clock, 100),
                        new ClientAddress(List.of()),
                        clock));
        guarded.signUp("a@b.co", "", "long enough pass".toCharArray());
        for (int i = 0; i < 4; i++) {
            String email = "spray" + i + "@b.co";
            assertRefused(Reason.WRONG_CREDENTIALS, "wrong", () -> guarded.signIn(email, guess(), "198.51.100.66"));
        }
        clock.advance(Duration.ofMinutes(1));
        assertRefused(
                Reason.LOCKED,
                "try again in 9 minutes",
                () -> guarded.signIn("a@b.co", "long enough pass".toCharArray(), "198.51.100.66"));
        assertEquals(
                "a@b.co",
                guarded.signIn("a@b.co", "long enough pass".toCharArray(), "198.51.100.67")
                        .email(),
                "another address signs in");
        clock.advance(Duration.ofMinutes(9));
        assertEquals(
                "a@b.co",
                guarded.signIn("a@b.co", "long enough pass".toCharArray(), "198.51.100.66")
                        .email());
    }

    private static char[] guess() {
        return "guess guess!".toCharArray();
    }

    private static void assertRefused(Reason reason, String words, Runnable attempt) {
        AccountRefusedException refused = assertThrows(AccountRefusedException.class, attempt::run);
        assertEquals(reason, refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().contains(words), refused.getMessage());
    }
}
