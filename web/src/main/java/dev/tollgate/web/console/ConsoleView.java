package dev.tollgate.web.console;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.RefusedException;

/**
 * A page of the operator console: only an operator's session enters; others are sent to the console's sign-in. The
 * one place where the catalog's refusals become messages on screen.
 */
abstract class ConsoleView extends VerticalLayout implements BeforeEnterObserver {

    ConsoleView() {
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!OperatorSession.isOperator()) {
            event.forwardTo(ConsoleSignInView.class);
        }
    }

    /** Runs a change; a refusal is shown with what to do, and the form stays open. */
    static boolean attempt(Runnable change) {
        try {
            change.run();
            return true;
        } catch (InvalidFieldException e) {
            show("Check " + e.field().replace('_', ' ') + ": "
                    + e.getMessage().substring(e.field().length() + 2));
        } catch (RefusedException e) {
            show(e.getMessage());
        }
        return false;
    }

    private static void show(String message) {
        Notification notification = Notification.show(message, 6000, Notification.Position.MIDDLE);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.setId("console-error");
    }
}
