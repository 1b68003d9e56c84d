package dev.tollgate.api.payment.control;

import dev.tollgate.api.org.control.MembershipRefusedException;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.api.org.control.Memberships.Membership;
import dev.tollgate.api.org.control.OrganizationRole;
import dev.tollgate.billing.call.CallCharges;
import dev.tollgate.billing.payment.Checkout;
import dev.tollgate.billing.payment.TopUp;
import dev.tollgate.billing.payment.TopUps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An organisation's credits as its members deal with them in the portal. Every member sees the balance; owners and
 * admins buy credits (through the same {@link Checkout} as {@code POST /api/v1/credits/checkout}) and read the
 * purchase history. The role is read at each call, not taken from the session, so a role taken away counts at once.
 */
@ApplicationScoped
public class TopUpService {

    /** The most purchases the history shows. */
    public static final int HISTORY_LIMIT = 100;

    static final String OWNERS_AND_ADMINS_BUY =
            "Only the organisation's owner and admins buy credits and see its purchases: ask one of them.";

    @Inject
    Memberships memberships;

    @Inject
    CallCharges charges;

    @Inject
    Checkout checkout;

    @Inject
    TopUps topUps;

    /** For CDI. */
    public TopUpService() {}

    /** For tests: the collaborators CDI would inject. */
    public TopUpService(Memberships memberships, CallCharges charges, Checkout checkout, TopUps topUps) {
        this.memberships = memberships;
        this.charges = charges;
        this.checkout = checkout;
        this.topUps = topUps;
    }

    /**
     * What the organisation may still spend, USD.
     *
     * @throws MembershipRefusedException when the account is not a member
     */
    public BigDecimal balance(UUID account, UUID organization) {
        role(account, organization);
        return charges.credits(organization).balance();
    }

    /** Whether the account may buy credits for the organisation and see its purchases. */
    public boolean buys(UUID account, UUID organization) {
        return memberships
                .membership(account, organization)
                .map(membership -> membership.role().managesBilling())
                .orElse(false);
    }

    /**
     * A Stripe Checkout session buying {@code credits} USD of credits, to send the buyer to.
     *
     * @throws MembershipRefusedException when the account is not an owner or admin of the organisation
     * @throws dev.tollgate.billing.payment.PaymentRefusedException when payments are off or Stripe did not answer
     * @throws IllegalArgumentException when the amount is not one the fee policy accepts
     */
    public Checkout.Started checkout(UUID account, UUID organization, BigDecimal credits) {
        requireBuyer(account, organization);
        return checkout.start(organization, credits);
    }

    /** The organisation's purchases, newest first. */
    public List<TopUp> history(UUID account, UUID organization) {
        requireBuyer(account, organization);
        return topUps.history(organization, HISTORY_LIMIT);
    }

    /** One of the organisation's purchases, by its Checkout session; another organisation's is not found. */
    public Optional<TopUp> purchase(UUID account, UUID organization, String sessionId) {
        requireBuyer(account, organization);
        return topUps.find(sessionId).filter(topUp -> topUp.organizationId().equals(organization));
    }

    private void requireBuyer(UUID account, UUID organization) {
        if (!role(account, organization).managesBilling()) {
            throw new MembershipRefusedException(OWNERS_AND_ADMINS_BUY);
        }
    }

    private OrganizationRole role(UUID account, UUID organization) {
        return memberships
                .membership(account, organization)
                .map(Membership::role)
                .orElseThrow(() -> new MembershipRefusedException(
                        "You are not a member of this organisation any more: pick another one."));
    }
}
