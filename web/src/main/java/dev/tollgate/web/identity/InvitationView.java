package dev.tollgate.web.identity;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.tollgate.api.org.control.MembershipRefusedException;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.api.org.control.Memberships.Membership;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;

/** An invitation link: the signed-in person joins the organisation and works in it from now on. */
@Route(value = "invitation", layout = PortalLayout.class)
@PageTitle("Invitation · Tollgate")
@CdiComponent
public class InvitationView extends VerticalLayout implements MembersOnly, HasUrlParameter<String> {

    private final Memberships memberships;

    @Inject
    public InvitationView(Memberships memberships) {
        this.memberships = memberships;
        setId("invitation-page");
    }

    @Override
    public void setParameter(BeforeEvent event, String token) {
        removeAll();
        PortalUser user = PortalSessions.current().orElse(null);
        if (user == null) {
            return; // The members-only guard sends them to sign in first, and back here after.
        }
        try {
            Membership joined = memberships.accept(user.account(), token);
            PortalSessions.switchTo(user.in(joined));
            Paragraph done = new Paragraph("You are now a " + joined.role().value() + " of " + joined.name() + ".");
            done.setId("invitation-accepted");
            add(new H1("Welcome to " + joined.name()), done, new RouterLink("See its members", OrganizationView.class));
        } catch (MembershipRefusedException refused) {
            Paragraph problem = new Paragraph(refused.getMessage());
            problem.setId("invitation-problem");
            add(new H1("Invitation"), problem);
        }
    }
}
