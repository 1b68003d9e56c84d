package dev.tollgate.api.account.control;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a built-in account's password must be, after NIST SP 800-63B: long enough, not absurdly long, not one of the
 * passwords every attacker tries first, and not the email itself. No rules about digits or symbols: they make
 * passwords harder to remember, not to guess.
 */
final class PasswordRules {

    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 128;

    private static final Set<String> COMMON = Set.of(
            "1234567890",
            "12345678910",
            "123456789a",
            "0123456789",
            "1q2w3e4r5t",
            "qwertyuiop",
            "password12",
            "password123",
            "password1234",
            "passw0rd123",
            "iloveyou12",
            "letmein123",
            "welcome123",
            "administrator",
            "qwerty1234",
            "abcdefghij",
            "aaaaaaaaaa",
            "1111111111",
            "changeme123",
            "tollgate123",
            "football123",
            "baseball123",
            "monkey1234",
            "dragon1234",
            "sunshine12",
            "princess12",
            "superman12",
            "trustno123");

    private PasswordRules() {}

    /** Why the password is not acceptable, in words for the person choosing it; empty when it is. */
    static Optional<String> problem(char[] password, String email) {
        int length = password.length;
        if (length < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters; a few words in a row make a good one.");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters.");
        }
        String text = new String(password);
        String folded = text.toLowerCase(Locale.ROOT);
        if (COMMON.contains(folded) || text.chars().distinct().count() < 4) {
            return Optional.of("That password is among the first ones attackers try. Choose another.");
        }
        String localPart = email.contains("@") ? email.substring(0, email.indexOf('@')) : email;
        if (folded.equals(email) || (localPart.length() >= 4 && folded.contains(localPart))) {
            return Optional.of("Don't build the password from your email address.");
        }
        return Optional.empty();
    }
}
