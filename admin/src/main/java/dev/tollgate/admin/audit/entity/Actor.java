package dev.tollgate.admin.audit.entity;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who did something, as the application knew them at the door: the operator token (which names nobody), an operator's
 * account, a member's account, an organisation's management key, or the installation itself (seeding the demo).
 *
 * @param id the account's or the key's id; none for the operator token and the system
 * @param label what a person reads: the account's e-mail, the key's label; empty when the door did not know it (the
 *     log then fills it in from the account or key when it records the entry)
 */
public record Actor(Kind kind, Optional<String> id, String label) {

    /** Stored in {@code audit_entry.actor_kind}. */
    public enum Kind {
        OPERATOR_TOKEN("operator_token"),
        OPERATOR("operator"),
        ACCOUNT("account"),
        MANAGEMENT_KEY("management_key"),
        SYSTEM("system");

        private final String value;

        Kind(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Kind of(String value) {
            return Arrays.stream(values())
                    .filter(kind -> kind.value.equals(value))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no actor kind '" + value + "'"));
        }
    }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        label = label == null ? "" : label;
    }

    public static Actor operatorToken() {
        return new Actor(Kind.OPERATOR_TOKEN, Optional.empty(), "operator token");
    }

    /** An operator's account; an empty {@code email} is read from the account. */
    public static Actor operator(UUID account, String email) {
        return new Actor(Kind.OPERATOR, Optional.of(account.toString()), email);
    }

    /** A member acting in the portal; the log reads the e-mail from the account. */
    public static Actor account(UUID account) {
        return new Actor(Kind.ACCOUNT, Optional.of(account.toString()), "");
    }

    /** An organisation's management key calling the keys API; the log reads the key's label. */
    public static Actor managementKey(UUID key) {
        return new Actor(Kind.MANAGEMENT_KEY, Optional.of(key.toString()), "");
    }

    public static Actor system() {
        return new Actor(Kind.SYSTEM, Optional.empty(), "installation");
    }

    @Override
    public String toString() {
        return kind.value + id.map(value -> ":" + value).orElse("") + (label.isEmpty() ? "" : " (" + label + ")");
    }
}
