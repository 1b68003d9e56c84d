package dev.tollgate.web.identity;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.tollgate.api.account.control.AccountRefusedException;
import dev.tollgate.api.account.control.Accounts;
import dev.tollgate.api.account.control.SignedIn;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.api.throttle.control.SignInGuessing;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Sign-in: email and password for built-in accounts, or the way to the OpenID Connect provider. After it the person
 * lands where they were going ({@code ?continue=}), else on the home page.
 */
@Route(value = "login", layout = PortalLayout.class)
@PageTitle("Sign in · Tollgate")
@CdiComponent
public class SignInView extends VerticalLayout implements BeforeEnterObserver {

    private final Accounts accounts;
    private final SignInGuessing guessing;
    private final Memberships memberships;
    private final LoginForm form = new LoginForm();
    private final Paragraph problem = new Paragraph();
    private String destination = "";

    @Inject
    public SignInView(Accounts accounts, Memberships memberships, SignInGuessing guessing) {
        this.accounts = accounts;
        this.guessing = guessing;
        this.memberships = memberships;
        setId("sign-in-page");
        setAlignItems(FlexComponent.Alignment.CENTER);
        problem.setId("sign-in-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        problem.setVisible(false);
        if (IdentityMode.openIdConnect()) {
            Anchor provider = new Anchor("/auth/oidc/sign-in", "Sign in or sign up");
            provider.setId("oidc-sign-in");
            provider.setRouterIgnore(true);
            provider.getElement().setAttribute("theme", "primary");
            add(new H1("Sign in"), problem, new Paragraph("Tollgate uses your organisation's sign-in."), provider);
            return;
        }
        form.setId("sign-in-form");
        form.setForgotPasswordButtonVisible(false);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setUsername("Email");
        i18n.getForm().setTitle("Sign in to Tollgate");
        form.setI18n(i18n);
        form.addLoginListener(attempt -> signIn(attempt.getUsername(), attempt.getPassword()));
        RouterLink signUp = new RouterLink("Create an account", SignUpView.class);
        signUp.setId("to-sign-up");
        add(form, problem);
        if (accounts.signUpOpen()) {
            add(new Paragraph(new com.vaadin.flow.component.Text("New here? "), signUp));
        }
    }

    private void signIn(String email, String password) {
        try {
            SignedIn who = accounts.signIn(email, password.toCharArray(), SignInClient.address(guessing));
            List<Memberships.Membership> organisations = memberships.organizationsOf(who.account());
            PortalSessions.signIn(PortalSessions.user(who, organisations.get(0)));
            getUI().ifPresent(ui -> ui.getPage().setLocation(destination.isEmpty() ? "/" : destination));
        } catch (AccountRefusedException refused) {
            form.setEnabled(true);
            show(refused.getMessage());
        }
    }

    private void show(String message) {
        problem.setText(message);
        problem.setVisible(true);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<String> next =
                event.getLocation().getQueryParameters().getParameters().getOrDefault("continue", List.of());
        // Only a path of this site: an absolute or protocol-relative URL would make this page an open redirect.
        destination =
                next.isEmpty() || !next.get(0).startsWith("/") || next.get(0).startsWith("//") ? "" : next.get(0);
        List<String> error =
                event.getLocation().getQueryParameters().getParameters().getOrDefault("error", List.of());
        if (!error.isEmpty()) {
            show(error.get(0));
        }
    }
}
