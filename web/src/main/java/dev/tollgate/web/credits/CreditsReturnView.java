package dev.tollgate.web.credits;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.shared.Registration;
import dev.tollgate.api.org.control.MembershipRefusedException;
import dev.tollgate.api.payment.control.TopUpService;
import dev.tollgate.billing.payment.TopUp;
import dev.tollgate.billing.payment.TopUpStatus;
import dev.tollgate.web.identity.MembersOnly;
import dev.tollgate.web.identity.PortalSessions;
import dev.tollgate.web.identity.PortalUser;
import dev.tollgate.web.shell.PortalLayout;
import dev.tollgate.web.shell.Usd;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Where Stripe sends a buyer after paying ({@code /credits/return?session_id=…}). The credits arrive with Stripe's
 * webhook, usually within seconds and sometimes after the buyer is back, so the page asks once a second until the
 * purchase is credited and then shows what was added and the new balance. After {@link #POLLS} tries it stops
 * asking and says the payment is being processed: the credits page will show the balance once Stripe confirms it.
 */
@Route(value = "credits/return", layout = PortalLayout.class)
@PageTitle("Payment · Tollgate")
@CdiComponent
public class CreditsReturnView extends VerticalLayout implements MembersOnly, BeforeEnterObserver {

    static final int POLL_MILLIS = 1000;
    static final int POLLS = 60;

    private final TopUpService topUps;
    private final Paragraph outcome = new Paragraph();
    private final ProgressBar waiting = new ProgressBar();
    private Registration polling;
    private int polls;
    private PortalUser user;
    private String sessionId;

    @Inject
    public CreditsReturnView(TopUpService topUps) {
        this.topUps = topUps;
        setId("credits-return");
        setMaxWidth("48rem");
        outcome.setId("topup-outcome");
        waiting.setIndeterminate(true);
        add(new H1("Your payment"), outcome, waiting, new RouterLink("Back to credits", CreditsView.class));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        user = PortalSessions.current().orElse(null);
        sessionId = event.getLocation()
                .getQueryParameters()
                .getSingleParameter("session_id")
                .orElse("");
        polls = 0;
        check();
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        if (waiting.isVisible()) {
            UI ui = attach.getUI();
            ui.setPollInterval(POLL_MILLIS);
            polling = ui.addPollListener(poll -> {
                polls++;
                check();
            });
        }
    }

    @Override
    protected void onDetach(DetachEvent detach) {
        stopPolling(detach.getUI());
    }

    /** Reads the purchase once and says where it stands; stops asking once nothing more will change here. */
    private void check() {
        if (user == null) {
            return;
        }
        Optional<TopUp> purchase;
        try {
            purchase = sessionId.isEmpty()
                    ? Optional.empty()
                    : topUps.purchase(user.account(), user.organization(), sessionId);
        } catch (MembershipRefusedException refused) {
            done(refused.getMessage());
            return;
        }
        if (purchase.isEmpty()) {
            done("This link names no purchase of " + user.organizationName()
                    + ". If you paid, the credits page shows your balance and purchases.");
            return;
        }
        TopUp topUp = purchase.get();
        if (topUp.status().fulfilled()) {
            done("Added " + Usd.text(topUp.quote().credits()) + " to the credits of " + user.organizationName()
                    + ". Your balance is now "
                    + Usd.text(topUps.balance(user.account(), user.organization())) + ".");
        } else if (topUp.status() == TopUpStatus.EXPIRED || topUp.status() == TopUpStatus.FAILED) {
            done("The payment did not go through, so no credits were added and nothing was charged.");
        } else if (polls >= POLLS) {
            done("Your payment is being processed. The credits are added as soon as Stripe confirms it; the"
                    + " credits page shows your balance.");
        } else {
            outcome.setText("Waiting for Stripe to confirm your payment of "
                    + Usd.text(topUp.quote().total()) + "…");
            waiting.setVisible(true);
        }
    }

    private void done(String message) {
        outcome.setText(message);
        waiting.setVisible(false);
        getUI().ifPresent(this::stopPolling);
    }

    private void stopPolling(UI ui) {
        if (polling != null) {
            polling.remove();
            polling = null;
            ui.setPollInterval(-1);
        }
    }
}
