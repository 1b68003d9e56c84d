package dev.tollgate.api.account.control;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The built-in operator account, made (or brought in line) at start-up from {@code TOLLGATE_OPERATOR_EMAIL} and
 * {@code TOLLGATE_OPERATOR_PASSWORD}: how an installation without an OpenID Connect provider gets its first
 * operator. Without both settings there is none; with Keycloak, its realm role {@code admin} makes operators.
 */
@ApplicationScoped
public class OperatorAccount {

    private static final Logger LOG = Logger.getLogger(OperatorAccount.class.getName());

    @Inject
    Accounts accounts;

    @Inject
    Config config;

    void onStart(
            @Observes @Priority(Interceptor.Priority.APPLICATION + 100) @Initialized(ApplicationScoped.class)
                    Object event) {
        Optional<String> email = setting("tollgate.operator.email");
        Optional<String> password = setting("tollgate.operator.password");
        if (email.isEmpty() || password.isEmpty()) {
            if (email.isPresent() != password.isPresent()) {
                LOG.warning("TOLLGATE_OPERATOR_EMAIL and TOLLGATE_OPERATOR_PASSWORD go together; with one of them"
                        + " alone no operator account is made");
            }
            return;
        }
        if (PasswordRules.problem(password.get().toCharArray(), email.get().toLowerCase(java.util.Locale.ROOT))
                .isPresent()) {
            LOG.warning("TOLLGATE_OPERATOR_PASSWORD breaks the password rules (at least 10 characters, not a common"
                    + " password, not the email): no operator account is made");
            return;
        }
        accounts.ensureOperator(email.get(), password.get().toCharArray());
    }

    private Optional<String> setting(String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(value -> !value.isEmpty());
    }
}
