package dev.tollgate.web.identity;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.api.account.control.AccountRefusedException;
import dev.tollgate.api.account.control.Accounts;
import dev.tollgate.api.account.control.SignedIn;
import dev.tollgate.api.org.control.Memberships;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;

/** Sign-up for a built-in account; with an OpenID Connect provider, its own registration page does this. */
@Route(value = "sign-up", layout = PortalLayout.class)
@PageTitle("Create an account · Tollgate")
@CdiComponent
public class SignUpView extends VerticalLayout implements BeforeEnterObserver {

    @Inject
    public SignUpView(Accounts accounts, Memberships memberships) {
        setId("sign-up-page");
        setMaxWidth("28rem");
        EmailField email = new EmailField("Email");
        email.setId("sign-up-email");
        TextField name = new TextField("Name");
        name.setId("sign-up-name");
        PasswordField password = new PasswordField("Password");
        password.setId("sign-up-password");
        password.setHelperText("At least 10 characters. A few words in a row make a good one.");
        PasswordField repeat = new PasswordField("Password again");
        repeat.setId("sign-up-repeat");
        Paragraph problem = new Paragraph();
        problem.setId("sign-up-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        Button create = new Button("Create account", click -> {
            if (!password.getValue().equals(repeat.getValue())) {
                problem.setText("The two passwords differ. Type the same one twice.");
                return;
            }
            try {
                SignedIn who = accounts.signUp(
                        email.getValue(), name.getValue(), password.getValue().toCharArray());
                PortalSessions.signIn(PortalSessions.user(
                        who, memberships.organizationsOf(who.account()).get(0)));
                click.getSource().getUI().ifPresent(ui -> ui.getPage().setLocation("/"));
            } catch (AccountRefusedException refused) {
                problem.setText(refused.getMessage());
            }
        });
        create.setId("sign-up-submit");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        for (var field : new com.vaadin.flow.component.HasSize[] {email, name, password, repeat}) {
            field.setWidthFull();
        }
        add(
                new H1("Create an account"),
                new Paragraph("Your account comes with a personal organisation for your keys"
                        + " and credits; you can create shared ones and invite people later."),
                email,
                name,
                password,
                repeat,
                problem,
                create);
        if (!accounts.signUpOpen()) {
            removeAll();
            add(
                    new H1("Create an account"),
                    new Paragraph("Sign-up is closed on this installation. Ask an operator" + " for an account."));
        }
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (IdentityMode.openIdConnect()) {
            // The provider's own registration page, reached through its sign-in.
            event.getUI().getPage().setLocation("/auth/oidc/sign-in");
        }
    }
}
