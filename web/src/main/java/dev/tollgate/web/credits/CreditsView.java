package dev.tollgate.web.credits;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tollgate.api.org.control.MembershipRefusedException;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.api.org.control.Memberships.Member;
import dev.tollgate.api.payment.control.TopUpService;
import dev.tollgate.billing.payment.Checkout;
import dev.tollgate.billing.payment.PaymentRefusedException;
import dev.tollgate.billing.payment.Payments;
import dev.tollgate.billing.payment.TopUp;
import dev.tollgate.billing.payment.TopUpStatus;
import dev.tollgate.web.identity.MembersOnly;
import dev.tollgate.web.identity.PortalSessions;
import dev.tollgate.web.identity.PortalUser;
import dev.tollgate.web.shell.PortalLayout;
import dev.tollgate.web.shell.Usd;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The organisation's credits: the balance for every member; for owners and admins, buying credits through Stripe
 * Checkout (the fee shown before paying) and the purchase history. With payments off it says how credits arrive
 * instead. Stripe sends a buyer who gave up back here, and the page says that nothing was charged.
 */
@Route(value = "credits", layout = PortalLayout.class)
@PageTitle("Credits · Tollgate")
@CdiComponent
public class CreditsView extends VerticalLayout implements MembersOnly, BeforeEnterObserver {

    static final String PAYMENTS_OFF =
            "Payments are off on this Tollgate: ask an operator to grant your organisation credits.";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final TopUpService topUps;
    private final Payments payments;
    private final Memberships memberships;

    @Inject
    public CreditsView(TopUpService topUps, Payments payments, Memberships memberships) {
        this.topUps = topUps;
        this.payments = payments;
        this.memberships = memberships;
        setId("credits-page");
        setMaxWidth("60rem");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean cancelled = event.getLocation()
                .getQueryParameters()
                .getSingleParameter("checkout")
                .filter("cancelled"::equals)
                .isPresent();
        PortalSessions.current().ifPresent(user -> show(user, cancelled));
    }

    private void show(PortalUser user, boolean cancelled) {
        removeAll();
        add(new H1("Credits"));
        if (cancelled) {
            Paragraph notice = new Paragraph("You left Stripe's page before paying: nothing was charged.");
            notice.setId("checkout-cancelled");
            add(notice);
        }
        BigDecimal balance;
        try {
            balance = topUps.balance(user.account(), user.organization());
        } catch (MembershipRefusedException refused) {
            add(new Paragraph(refused.getMessage()));
            return;
        }
        add(balance(user, balance));
        if (!payments.enabled()) {
            Paragraph off = new Paragraph(PAYMENTS_OFF);
            off.setId("payments-off");
            add(off);
            return;
        }
        if (!topUps.buys(user.account(), user.organization())) {
            Paragraph who = new Paragraph(whoBuys(user));
            who.setId("who-buys");
            add(who);
            return;
        }
        add(new H2("Buy credits"), new BuyCreditsForm(payments.settings().fees(), amount -> pay(user, amount)));
        add(new H2("Purchases"), history(topUps.history(user.account(), user.organization())));
    }

    private static Div balance(PortalUser user, BigDecimal balance) {
        Span label = new Span("Balance of " + user.organizationName());
        label.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        Span amount = new Span(Usd.text(balance));
        amount.setId("balance");
        amount.addClassNames(LumoUtility.FontSize.XXXLARGE, LumoUtility.FontWeight.SEMIBOLD);
        return new Div(label, amount);
    }

    /** Names the people who can buy, so a member knows whom to ask. */
    private String whoBuys(PortalUser user) {
        String buyers = memberships.members(user.account(), user.organization()).stream()
                .filter(member -> member.role().managesBilling())
                .map(Member::email)
                .collect(Collectors.joining(", "));
        return "Only the owner and admins buy credits for " + user.organizationName()
                + (buyers.isEmpty() ? "." : ": ask " + buyers + ".");
    }

    private void pay(PortalUser user, BigDecimal amount) {
        try {
            Checkout.Started started = topUps.checkout(user.account(), user.organization(), amount);
            getUI().ifPresent(ui -> ui.getPage().setLocation(started.url()));
        } catch (PaymentRefusedException | MembershipRefusedException | IllegalArgumentException refused) {
            Notification notification = Notification.show(refused.getMessage(), 8000, Notification.Position.MIDDLE);
            notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
            notification.setId("checkout-error");
        }
    }

    private static com.vaadin.flow.component.Component history(List<TopUp> purchases) {
        if (purchases.isEmpty()) {
            Paragraph none = new Paragraph("No purchases yet: buy credits above, and they are listed here.");
            none.setId("no-purchases");
            return none;
        }
        Grid<TopUp> grid = new Grid<>();
        grid.setId("purchases");
        grid.setAllRowsVisible(true);
        grid.addColumn(topUp -> WHEN.format(topUp.createdAt()))
                .setHeader("Date")
                .setAutoWidth(true);
        grid.addColumn(topUp -> Usd.text(topUp.quote().credits())).setHeader("Credits");
        grid.addColumn(topUp -> Usd.text(topUp.quote().fee())).setHeader("Fee");
        grid.addColumn(topUp -> Usd.text(topUp.quote().total())).setHeader("Total");
        grid.addColumn(topUp -> status(topUp.status())).setHeader("Status").setAutoWidth(true);
        grid.setItems(purchases);
        return grid;
    }

    /** How a purchase stands, for its buyer. */
    static String status(TopUpStatus status) {
        return switch (status) {
            case OPEN -> "Not paid (yet)";
            case PAID -> "Paid";
            case EXPIRED -> "Not paid, expired";
            case FAILED -> "Payment failed";
            case PARTIALLY_REFUNDED -> "Partly refunded";
            case REFUNDED -> "Refunded";
            case REFUND_OUTSIDE_WINDOW -> "Refunded late: ask an operator";
        };
    }
}
