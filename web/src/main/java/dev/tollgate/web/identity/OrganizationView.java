package dev.tollgate.web.identity;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.api.org.control.MembershipRefusedException;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.api.org.control.Memberships.Member;
import dev.tollgate.api.org.control.Memberships.Membership;
import dev.tollgate.api.org.control.OrganizationRole;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The organisation the signed-in person works in: its members and their roles, invitations by link, leaving, and
 * a new shared organisation. What each person may do follows their role; the service checks it again.
 */
@Route(value = "organization", layout = PortalLayout.class)
@PageTitle("Organisation · Tollgate")
@CdiComponent
public class OrganizationView extends VerticalLayout implements MembersOnly, BeforeEnterObserver {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Memberships memberships;

    @Inject
    public OrganizationView(Memberships memberships) {
        this.memberships = memberships;
        setId("organization-page");
        setMaxWidth("60rem");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        PortalSessions.current().ifPresent(this::show);
    }

    private void show(PortalUser user) {
        removeAll();
        Optional<Membership> membership = memberships.membership(user.account(), user.organization());
        if (membership.isEmpty()) {
            add(
                    new H1("Organisation"),
                    new Paragraph("You are no longer a member of " + user.organizationName()
                            + ". Pick another organisation at the top of the page."));
            return;
        }
        OrganizationRole role = membership.get().role();
        H1 title = new H1(membership.get().name());
        title.setId("organization-name");
        Paragraph yourRole = new Paragraph(
                "Your role: " + role.title() + (membership.get().personal() ? " · your personal organisation" : ""));
        yourRole.setId("your-role");
        add(title, yourRole, membersSection(user, role));
        if (role.invites() && !membership.get().personal()) {
            add(invitationsSection(user, role));
        }
        if (!membership.get().personal() && role != OrganizationRole.OWNER) {
            Button leave = new Button(
                    "Leave this organisation",
                    click -> act(() -> {
                        memberships.leave(user.account(), user.organization());
                        Membership personal =
                                memberships.organizationsOf(user.account()).get(0);
                        PortalSessions.switchTo(user.in(personal));
                        getUI().ifPresent(ui -> ui.getPage().setLocation("/organization"));
                    }));
            leave.setId("leave-organization");
            leave.addThemeVariants(ButtonVariant.LUMO_ERROR);
            add(leave);
        }
        add(newOrganizationSection(user));
    }

    private VerticalLayout membersSection(PortalUser user, OrganizationRole role) {
        Grid<Member> grid = new Grid<>();
        grid.setId("members");
        grid.setAllRowsVisible(true);
        grid.addColumn(Member::email).setHeader("Email").setAutoWidth(true);
        grid.addColumn(Member::name).setHeader("Name");
        grid.addColumn(member -> member.role().title()).setHeader("Role");
        grid.addColumn(member -> DAY.format(member.since())).setHeader("Member since");
        grid.addComponentColumn(member -> actions(user, role, member))
                .setHeader("")
                .setAutoWidth(true);
        grid.setItems(memberships.members(user.account(), user.organization()));
        return new VerticalLayout(new H2("Members"), grid);
    }

    private HorizontalLayout actions(PortalUser user, OrganizationRole role, Member member) {
        HorizontalLayout actions = new HorizontalLayout();
        if (member.account().equals(user.account())) {
            return actions;
        }
        if (role == OrganizationRole.OWNER) {
            OrganizationRole other =
                    member.role() == OrganizationRole.ADMIN ? OrganizationRole.MEMBER : OrganizationRole.ADMIN;
            Button change = small(
                    "Make " + other.value(),
                    () -> memberships.changeRole(user.account(), user.organization(), member.account(), other));
            Button hand = small("Make owner", () -> {
                memberships.transferOwnership(user.account(), user.organization(), member.account());
                PortalSessions.switchTo(withRole(user, OrganizationRole.ADMIN));
            });
            hand.setId("make-owner-" + member.email());
            actions.add(change, hand);
        }
        if (role == OrganizationRole.OWNER
                || (role == OrganizationRole.ADMIN && member.role() == OrganizationRole.MEMBER)) {
            Button remove =
                    small("Remove", () -> memberships.remove(user.account(), user.organization(), member.account()));
            remove.setId("remove-" + member.email());
            remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
            actions.add(remove);
        }
        return actions;
    }

    private Button small(String text, Runnable change) {
        Button button = new Button(
                text,
                click -> act(() -> {
                    change.run();
                    PortalSessions.current().ifPresent(this::show);
                }));
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return button;
    }

    private VerticalLayout invitationsSection(PortalUser user, OrganizationRole role) {
        Select<OrganizationRole> invitedRole = new Select<>();
        invitedRole.setId("invitation-role");
        invitedRole.setLabel("Invite as");
        invitedRole.setItems(
                role == OrganizationRole.OWNER
                        ? java.util.List.of(OrganizationRole.MEMBER, OrganizationRole.ADMIN)
                        : java.util.List.of(OrganizationRole.MEMBER));
        invitedRole.setItemLabelGenerator(OrganizationRole::title);
        invitedRole.setValue(OrganizationRole.MEMBER);
        TextField link = new TextField("Invitation link");
        link.setId("invitation-link");
        link.setReadOnly(true);
        link.setWidthFull();
        link.setVisible(false);
        link.setHelperText(
                "Send this link to the person you invite. It works once, for 7 days, and is shown only now.");
        Button invite = new Button(
                "Create invitation link",
                click -> act(() -> {
                    Memberships.Invitation invitation =
                            memberships.invite(user.account(), user.organization(), invitedRole.getValue());
                    link.setValue(PublicUrl.of(com.vaadin.flow.server.VaadinServletRequest.getCurrent()
                                    .getHttpServletRequest())
                            + invitation.path().orElseThrow());
                    link.setVisible(true);
                }));
        invite.setId("create-invitation");
        invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Grid<Memberships.Invitation> open = new Grid<>();
        open.setId("open-invitations");
        open.setAllRowsVisible(true);
        open.addColumn(invitation -> invitation.role().title()).setHeader("Role");
        open.addColumn(invitation -> DAY.format(invitation.expiresAt())).setHeader("Expires");
        open.addComponentColumn(invitation -> small(
                        "Withdraw",
                        () -> memberships.revokeInvitation(user.account(), user.organization(), invitation.id())))
                .setHeader("");
        open.setItems(memberships.openInvitations(user.account(), user.organization()));
        HorizontalLayout form = new HorizontalLayout(invitedRole, invite);
        form.setAlignItems(Alignment.BASELINE);
        return new VerticalLayout(new H2("Invitations"), form, link, open);
    }

    private VerticalLayout newOrganizationSection(PortalUser user) {
        TextField name = new TextField("Name");
        name.setId("new-organization-name");
        Button create = new Button(
                "Create organisation",
                click -> act(() -> {
                    Membership created = memberships.createOrganization(user.account(), name.getValue());
                    PortalSessions.switchTo(user.in(created));
                    getUI().ifPresent(ui -> ui.getPage().setLocation("/organization"));
                }));
        create.setId("create-organization");
        HorizontalLayout form = new HorizontalLayout(name, create);
        form.setAlignItems(Alignment.BASELINE);
        return new VerticalLayout(
                new H2("A shared organisation"),
                new Paragraph("Work with others: a shared"
                        + " organisation has its own credits and keys, and members you invite."),
                form);
    }

    private static PortalUser withRole(PortalUser user, OrganizationRole role) {
        return new PortalUser(
                user.account(),
                user.email(),
                user.name(),
                user.operator(),
                user.organization(),
                user.organizationName(),
                user.personal(),
                role);
    }

    private static void act(Runnable change) {
        try {
            change.run();
        } catch (MembershipRefusedException refused) {
            Notification notification = Notification.show(refused.getMessage(), 6000, Notification.Position.MIDDLE);
            notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
            notification.setId("organization-error");
        }
    }
}
