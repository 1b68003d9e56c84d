package dev.tollgate.billing.grant;

import dev.tollgate.billing.ledger.AccountBalance;
import dev.tollgate.billing.ledger.AccountKind;
import dev.tollgate.billing.ledger.Ledger;
import dev.tollgate.billing.ledger.Transfer;
import dev.tollgate.billing.ledger.TransferRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An operator's grant: one transfer from the platform's grants account to the organisation's credits. */
@ApplicationScoped
public class CreditGrants {

    /** The largest single grant: a typo of a few zeros should not mint a fortune. */
    public static final BigDecimal MAX_GRANT = new BigDecimal("1000000");

    @Inject
    Ledger ledger;

    /** What is wrong with a grant's amount (in USD), if anything, said as the end of "amount …". */
    public static Optional<String> amountProblem(BigDecimal amount) {
        if (amount.signum() <= 0 || amount.compareTo(MAX_GRANT) > 0) {
            return Optional.of("must be more than 0 and at most " + MAX_GRANT.toPlainString() + " USD");
        }
        if (amount.stripTrailingZeros().scale() > 12) {
            return Optional.of("may have at most 12 decimals");
        }
        return Optional.empty();
    }

    /** The transfer, and the organisation's credits after it. */
    public record Granted(Transfer transfer, AccountBalance credits) {}

    /** Work that commits with a grant, or not at all: its audit entry. */
    @FunctionalInterface
    public interface Witness {
        /**
         * Called once per grant, never for a retry of it.
         *
         * @param connection in the grant's transaction
         * @param granted the transfer, and the organisation's credits with it (without it, they were less by the
         *     grant's amount: the account stays locked until the commit)
         */
        void record(Connection connection, Granted granted) throws SQLException;
    }

    /**
     * @param grantId the idempotency key: granting twice under the same id credits once
     */
    public Granted grant(UUID organizationId, BigDecimal amount, Optional<String> reason, UUID grantId) {
        return grant(organizationId, amount, reason, grantId, (connection, granted) -> {});
    }

    /**
     * @param grantId the idempotency key: granting twice under the same id credits once (and is witnessed once)
     * @param witness runs in the grant's transaction, unless this is a retry
     */
    public Granted grant(
            UUID organizationId, BigDecimal amount, Optional<String> reason, UUID grantId, Witness witness) {
        amountProblem(amount).ifPresent(problem -> {
            throw new IllegalArgumentException("a grant's amount " + problem);
        });
        UUID credits = ledger.account(AccountKind.ORG_CREDITS, organizationId.toString());
        // The balance the grant reports includes the calls settled a moment ago.
        ledger.applyJournal();
        TransferRequest post = new TransferRequest.Post(
                grantId, ledger.account(AccountKind.GRANTS, AccountKind.PLATFORM), credits, amount, "grant", reason);
        return ledger.apply(List.of(post), (connection, applied) -> {
            Granted granted = new Granted(applied.transfers().get(0), Ledger.balance(connection, credits));
            if (!applied.retry()) {
                witness.record(connection, granted);
            }
            return granted;
        });
    }
}
