package dev.tollgate.web.console;

import com.vaadin.cdi.annotation.CdiComponent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tollgate.admin.operator.OperatorTokens;
import dev.tollgate.api.throttle.control.SignInGuessing;
import dev.tollgate.web.identity.SignInClient;
import dev.tollgate.web.shell.PortalLayout;
import jakarta.inject.Inject;
import java.util.Optional;

/** The door of the operator console: the operator token, until operators sign in with an account. */
@Route(value = "console/sign-in", layout = PortalLayout.class)
@PageTitle("Operator console · Tollgate")
@CdiComponent
public class ConsoleSignInView extends VerticalLayout {

    @Inject
    public ConsoleSignInView(OperatorTokens tokens, SignInGuessing guessing) {
        setMaxWidth("32rem");
        add(new H1("Operator console"));
        if (!tokens.isConfigured()) {
            add(new Paragraph("The operator console is switched off on this installation: set TOLLGATE_ADMIN_TOKEN"
                    + " to an operator token and restart Tollgate."));
            return;
        }
        PasswordField token = new PasswordField("Operator token");
        token.setId("operator-token");
        token.setWidthFull();
        token.setHelperText("The value of TOLLGATE_ADMIN_TOKEN.");
        Button open = new Button("Open the console", click -> {
            // Per address only: a lock on the one operator token would let anyone lock the operators out.
            String client = SignInClient.address(guessing);
            Optional<String> refusal = guessing.refusal(Optional.empty(), client);
            if (refusal.isPresent()) {
                token.setInvalid(true);
                token.setErrorMessage(refusal.get());
            } else if (tokens.isOperator(token.getValue())) {
                OperatorSession.admit();
                getUI().ifPresent(ui -> ui.navigate(CatalogProvidersView.class));
            } else {
                guessing.failed(Optional.empty(), client);
                token.setInvalid(true);
                token.setErrorMessage(guessing.refusal(Optional.empty(), client)
                        .orElse("That is not the operator token. Check TOLLGATE_ADMIN_TOKEN and try again."));
            }
        });
        open.setId("open-console");
        open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        open.addClickShortcut(Key.ENTER);
        add(new Paragraph("Providers, models, endpoints, cost prices and margins of this marketplace."), token, open);
    }
}
