package dev.tollgate.web.shell;

import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/**
 * The sign-in entry point. Accounts (built-in or Keycloak) are not switched on in this build, so the form says so
 * instead of pretending to check a password.
 */
@Route(value = "login", layout = PortalLayout.class)
@PageTitle("Sign in · Tollgate")
public class SignInView extends VerticalLayout {

    public SignInView() {
        setId("sign-in-page");
        setAlignItems(FlexComponent.Alignment.CENTER);
        LoginForm form = new LoginForm();
        form.setForgotPasswordButtonVisible(false);
        LoginI18n i18n = LoginI18n.createDefault();
        LoginI18n.ErrorMessage unavailable = new LoginI18n.ErrorMessage();
        unavailable.setTitle("Sign-in is not available yet");
        unavailable.setMessage("This installation has no accounts yet. Ask your operator for an API key meanwhile.");
        i18n.setErrorMessage(unavailable);
        form.setI18n(i18n);
        form.addLoginListener(attempt -> form.setError(true));
        add(form);
    }
}
