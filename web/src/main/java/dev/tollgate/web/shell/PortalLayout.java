package dev.tollgate.web.shell;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.api.org.control.Memberships.Membership;
import dev.tollgate.web.activity.ActivityView;
import dev.tollgate.web.console.AuditView;
import dev.tollgate.web.console.CatalogEndpointsView;
import dev.tollgate.web.console.CatalogModelsView;
import dev.tollgate.web.console.CatalogProvidersView;
import dev.tollgate.web.console.OperatorSession;
import dev.tollgate.web.console.OrganizationsView;
import dev.tollgate.web.console.PayablesView;
import dev.tollgate.web.console.ProviderHealthView;
import dev.tollgate.web.console.RevenueView;
import dev.tollgate.web.credits.CreditsView;
import dev.tollgate.web.identity.OrganizationView;
import dev.tollgate.web.identity.PortalSessions;
import dev.tollgate.web.identity.PortalUser;
import dev.tollgate.web.identity.SignInView;
import dev.tollgate.web.keys.KeysView;
import dev.tollgate.web.models.ModelsView;
import dev.tollgate.web.rankings.RankingsView;
import dev.tollgate.web.settings.SettingsView;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The frame around every portal page: the brand, the navigation to the portal's pages and the sign-in entry point.
 * Public pages (models, rankings) come first; the organisation's pages follow.
 */
@CdiComponent
public class PortalLayout extends AppLayout implements AfterNavigationObserver {

    private final SideNav console = consoleNavigation();

    @Inject
    public PortalLayout(Memberships memberships) {
        RouterLink brand = new RouterLink("Tollgate", HomeView.class);
        brand.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD);
        brand.getElement().setAttribute("aria-label", "Tollgate home");

        HorizontalLayout navbar = new HorizontalLayout(brand, new Span());
        PortalSessions.current()
                .ifPresentOrElse(user -> navbar.add(signedIn(user, memberships)), () -> navbar.add(signInButton()));
        navbar.setWidthFull();
        navbar.setAlignItems(FlexComponent.Alignment.CENTER);
        navbar.expand(navbar.getComponentAt(1));
        navbar.addClassNames(LumoUtility.Padding.Horizontal.MEDIUM);

        addToNavbar(new DrawerToggle(), navbar);
        addToDrawer(exploreNavigation(), organisationNavigation(), console);
        setPrimarySection(Section.DRAWER);
    }

    private static Button signInButton() {
        Button signIn = new Button("Sign in", VaadinIcon.SIGN_IN.create());
        signIn.setId("sign-in");
        signIn.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        signIn.addClickListener(click -> signIn.getUI().ifPresent(ui -> ui.navigate(SignInView.class)));
        return signIn;
    }

    /** The organisation the person works in (switchable), who they are, and the way out. */
    private static HorizontalLayout signedIn(PortalUser user, Memberships memberships) {
        Select<Membership> organisation = new Select<>();
        organisation.setId("organization-switcher");
        organisation.setAriaLabel("Organisation");
        List<Membership> all = memberships.organizationsOf(user.account());
        organisation.setItems(all);
        organisation.setItemLabelGenerator(Membership::name);
        all.stream()
                .filter(membership -> membership.organization().equals(user.organization()))
                .findFirst()
                .ifPresent(organisation::setValue);
        organisation.addValueChangeListener(change -> {
            if (change.isFromClient() && change.getValue() != null) {
                PortalSessions.switchTo(user.in(change.getValue()));
                // A full reload: every page and the database scope of the next requests follow the new choice.
                organisation.getUI().ifPresent(ui -> ui.getPage().reload());
            }
        });
        Span who = new Span(user.displayName());
        who.setId("signed-in-user");
        Anchor signOut = new Anchor("/auth/sign-out", "Sign out");
        signOut.setId("sign-out");
        signOut.setRouterIgnore(true);
        HorizontalLayout signedIn = new HorizontalLayout(organisation, who, signOut);
        signedIn.setAlignItems(FlexComponent.Alignment.CENTER);
        return signedIn;
    }

    private static SideNav exploreNavigation() {
        SideNav explore = new SideNav("Explore");
        explore.setId("explore-navigation");
        explore.addItem(
                new SideNavItem("Home", HomeView.class, VaadinIcon.HOME.create()),
                new SideNavItem("Models", ModelsView.class, VaadinIcon.CUBES.create()),
                new SideNavItem("Rankings", RankingsView.class, VaadinIcon.TROPHY.create()));
        return explore;
    }

    private static SideNav organisationNavigation() {
        SideNav organisation = new SideNav("Your organisation");
        organisation.setId("organisation-navigation");
        organisation.addItem(
                new SideNavItem("Activity", ActivityView.class, VaadinIcon.CHART.create()),
                new SideNavItem("Keys", KeysView.class, VaadinIcon.KEY.create()),
                new SideNavItem("Credits", CreditsView.class, VaadinIcon.WALLET.create()),
                new SideNavItem("Members", OrganizationView.class, VaadinIcon.USERS.create()),
                new SideNavItem("Settings", SettingsView.class, VaadinIcon.COG.create()));
        return organisation;
    }

    /**
     * The console's pages are listed for operators only; checked on every navigation because an operator may sign in
     * with the operator token while this frame stays on screen.
     */
    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        console.setVisible(OperatorSession.isOperator());
    }

    private static SideNav consoleNavigation() {
        SideNav console = new SideNav("Operator console");
        console.setId("console-navigation");
        console.setCollapsible(true);
        console.addItem(
                new SideNavItem("Providers", CatalogProvidersView.class, VaadinIcon.CLOUD.create()),
                new SideNavItem("Catalog models", CatalogModelsView.class, VaadinIcon.CUBE.create()),
                new SideNavItem("Endpoints", CatalogEndpointsView.class, VaadinIcon.CONNECT.create()),
                new SideNavItem("Provider health", ProviderHealthView.class, VaadinIcon.HEART.create()),
                new SideNavItem("Revenue", RevenueView.class, VaadinIcon.TRENDING_UP.create()),
                new SideNavItem("Amounts owed", PayablesView.class, VaadinIcon.INVOICE.create()),
                new SideNavItem("Organisations", OrganizationsView.class, VaadinIcon.BUILDING.create()),
                new SideNavItem("Audit log", AuditView.class, VaadinIcon.RECORDS.create()));
        return console;
    }
}
