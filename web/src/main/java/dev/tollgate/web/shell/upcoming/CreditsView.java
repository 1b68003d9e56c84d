package dev.tollgate.web.shell.upcoming;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.billing.payment.Payments;
import dev.tollgate.billing.payment.TopUpFees;
import dev.tollgate.web.identity.MembersOnly;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;

/**
 * Credits: until the page to buy them is built (the portal issue), it says how credits arrive on this installation,
 * by Stripe or, with payments off, by an operator's grant.
 */
@Route(value = "credits", layout = PortalLayout.class)
@PageTitle("Credits · Tollgate")
@CdiComponent
public class CreditsView extends UpcomingView implements MembersOnly {

    @Inject
    public CreditsView(Payments payments) {
        super("Credits", "Your balance, buying credits and the history of your purchases.");
        Paragraph how = new Paragraph(
                payments.enabled() ? paymentsOn(payments.settings().fees()) : PAYMENTS_OFF);
        how.setId("payments");
        add(how);
    }

    static final String PAYMENTS_OFF =
            "Payments are off on this Tollgate: ask an operator to grant your organisation credits.";

    static String paymentsOn(TopUpFees fees) {
        return "Payments go through Stripe: buy credits with POST /api/v1/credits/checkout and your organisation's"
                + " management key. The platform fee, "
                + fees.rate().movePointRight(2).stripTrailingZeros().toPlainString()
                + " % of the credits and at least $"
                + fees.minimum().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()
                + ", is shown before you pay.";
    }
}
