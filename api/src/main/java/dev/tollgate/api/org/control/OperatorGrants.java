package dev.tollgate.api.org.control;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.admin.audit.entity.AuditValues;
import dev.tollgate.billing.grant.CreditGrants;
import dev.tollgate.billing.ledger.LedgerRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * An operator grants credits to an organisation, from the operator API or the console: the same checks for both, and
 * the same idempotency (a grant id used twice credits once). Operators only: the caller makes sure of that, and runs
 * this in the platform's scope. Each grant's audit entry (the organisation's available credits before and after) is
 * written in the grant's own transaction; a retry writes none.
 */
@ApplicationScoped
public class OperatorGrants {

    /** The longest reason kept with a grant. */
    public static final int MAX_REASON = 500;

    @Inject
    OrganizationService organizations;

    @Inject
    CreditGrants grants;

    /**
     * @param actor the operator, for the audit log
     * @param grantId the idempotency key: granting twice under the same id credits once
     * @throws UnknownOrganizationException when no organisation has the id
     * @throws InvalidFieldException naming {@code amount}, {@code reason} or {@code Idempotency-Key}
     */
    public CreditGrants.Granted grant(
            Actor actor, UUID organization, BigDecimal amount, Optional<String> reason, UUID grantId) {
        organizations.find(organization).orElseThrow(() -> new UnknownOrganizationException(organization.toString()));
        CreditGrants.amountProblem(amount).ifPresent(problem -> {
            throw new InvalidFieldException("amount", problem);
        });
        Optional<String> kept = reason.map(String::strip).filter(text -> !text.isEmpty());
        if (kept.filter(text -> text.length() > MAX_REASON).isPresent()) {
            throw new InvalidFieldException("reason", "must be at most " + MAX_REASON + " characters");
        }
        try {
            return grants.grant(organization, amount, kept, grantId, (connection, granted) -> {
                BigDecimal after = granted.credits().available();
                AuditTrail.record(
                        connection,
                        AuditEntry.of(
                                actor,
                                Optional.of(organization),
                                "grant.create",
                                "organisation " + organization,
                                Optional.of(AuditValues.of()
                                        .with("available", after.subtract(amount))
                                        .json()),
                                Optional.of(AuditValues.of()
                                        .with("available", after)
                                        .with("grant_id", grantId)
                                        .with("amount", amount)
                                        .with("reason", kept)
                                        .json())));
            });
        } catch (LedgerRefusedException refused) {
            throw new InvalidFieldException("Idempotency-Key", "was used for another transfer");
        }
    }
}
